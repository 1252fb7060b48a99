package io.channels4j.bench.jmh;

import io.channels4j.internal.Json;
import io.channels4j.internal.JsonLimits;
import jakarta.json.bind.Jsonb;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;

/** JSON of one chat frame, {@code {"message": "..."}}, through the JSON-B the consumers use. */
public class JsonBench extends AverageNanos {

    private final Jsonb jsonb = Json.shared();
    private final JsonLimits limits = JsonLimits.standard();
    private final String frame = "{\"message\":\"12:345:1234567890123:xxxxxxxxxxxxxxxx\"}";
    private final Map<String, Object> reply = Map.of("message", "12:345:1234567890123:xxxxxxxxxxxxxxxx");

    /** What AsyncJsonWebsocketConsumer.decodeJson does with each text frame (limits checked, then JSON-B). */
    @Benchmark
    public Object decode() {
        return Json.decode(jsonb, frame, limits);
    }

    /** What sendJson does with each reply (the shared instance's fast path for plain values). */
    @Benchmark
    public String encode() {
        return Json.encode(jsonb, reply);
    }

    /** The same reply through JSON-B itself, as sendJson did before the fast path. */
    @Benchmark
    public String encodeJsonb() {
        return jsonb.toJson(reply);
    }
}
