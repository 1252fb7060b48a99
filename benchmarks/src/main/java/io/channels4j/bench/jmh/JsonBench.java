package io.channels4j.bench.jmh;

import io.channels4j.internal.Json;
import jakarta.json.bind.Jsonb;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JSON of one chat frame, {@code {"message": "..."}}, through the JSON-B the consumers use. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBench {

    private final Jsonb jsonb = Json.shared();
    private final String frame = "{\"message\":\"12:345:1234567890123:xxxxxxxxxxxxxxxx\"}";
    private final Map<String, Object> reply = Map.of("message", "12:345:1234567890123:xxxxxxxxxxxxxxxx");

    /** What AsyncJsonWebsocketConsumer.decodeJson does with each text frame. */
    @Benchmark
    public Object decode() {
        return Json.decode(jsonb, frame);
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
