package io.channels4j.internal;

import io.channels4j.InvalidFrameException;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;

/** The JSON-B instance JSON consumers share unless they supply their own, and their decode rule. */
public final class Json {

    private Json() {
    }

    /** The shared, thread-safe {@link Jsonb}, created at first use. */
    public static Jsonb shared() {
        return Holder.JSONB;
    }

    /**
     * Decodes one text frame with {@code jsonb}, after checking it against {@code limits}. The
     * frame must hold exactly one JSON value: JSON-B reads the first value and ignores what
     * follows, so the rest is checked too.
     *
     * @throws InvalidFrameException (close code 1007) naming what is wrong with the text, or the
     *     limit it passes
     */
    public static Object decode(Jsonb jsonb, String text, JsonLimits limits) {
        try {
            limits.check(text);
            return jsonb.fromJson(text, Object.class);
        } catch (JsonbException | IllegalArgumentException | ClassCastException | JsonException invalid) {
            throw ErrorPolicy.invalidJson(firstLine(invalid.getMessage()), invalid);
        }
    }

    /**
     * Encodes {@code content} with {@code jsonb}. With the shared instance, plain values (maps
     * with string keys, lists, strings, booleans, ints, longs) take a fast path that writes the
     * same text; everything else, and every other instance, goes through JSON-B.
     */
    public static String encode(Jsonb jsonb, Object content) {
        if (jsonb == Holder.JSONB) {
            String fast = FastJson.encode(content);
            if (fast != null) {
                return fast;
            }
        }
        return jsonb.toJson(content);
    }

    /** The error for a binary frame sent to a JSON consumer (close code 1003). */
    public static InvalidFrameException binaryFrame() {
        return ErrorPolicy.binaryToJsonConsumer();
    }

    /** The JSON-P provider, looked up once (a look-up scans the class path). */
    static JsonProvider provider() {
        return Holder.PROVIDER;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() <= 90 ? line : line.substring(0, 87) + "...";
    }

    private static final class Holder {
        static final Jsonb JSONB = JsonbBuilder.create();
        static final JsonProvider PROVIDER = JsonProvider.provider();
    }
}
