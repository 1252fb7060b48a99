package io.channels4j.internal;

import io.channels4j.InvalidFrameException;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/** The JSON-B instance JSON consumers share unless they supply their own, and their decode rule. */
public final class Json {

    private Json() {
    }

    /** The shared, thread-safe {@link Jsonb}, created at first use. */
    public static Jsonb shared() {
        return Holder.JSONB;
    }

    /**
     * Decodes one text frame with {@code jsonb}. The frame must hold exactly one JSON value:
     * JSON-B reads the first value and ignores what follows, so the rest is checked here.
     *
     * @throws InvalidFrameException (close code 1007) naming what is wrong with the text
     */
    public static Object decode(Jsonb jsonb, String text) {
        try {
            Object value = jsonb.fromJson(text, Object.class);
            requireSingleValue(text);
            return value;
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

    /** Reads past the first value and fails with a {@code JsonException} if anything but space follows. */
    private static void requireSingleValue(String text) {
        // Not jakarta.json.Json.createParser: it looks the provider up (a class-path scan) on every call.
        try (JsonParser parser = Holder.PROVIDER.createParser(new StringReader(text))) {
            int depth = 0;
            do {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                    depth++;
                } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                    depth--;
                }
            } while (depth > 0);
            if (parser.hasNext()) {
                throw new JsonException("unexpected text after the JSON value");
            }
        }
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
