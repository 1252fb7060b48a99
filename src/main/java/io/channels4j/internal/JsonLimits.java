package io.channels4j.internal;

import io.channels4j.CloseCodes;
import io.channels4j.InvalidFrameException;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;

/**
 * The limits a JSON consumer's text frame must keep before JSON-B reads it: how deep values nest
 * and how long one number may be. JSON-B reads nested values by recursion, so a frame of 100,000
 * brackets would exhaust the stack, and turns every number into a {@code BigDecimal}, whose cost
 * grows with its digits; the streaming pass here reads neither way, so it can refuse such frames
 * first. It also checks that the frame holds exactly one value (JSON-B ignores what follows).
 *
 * <p>Immutable; one per runtime, from the {@value #MAX_DEPTH} and {@value #MAX_NUMBER_LENGTH}
 * settings.
 */
public final class JsonLimits {

    /** The setting for the deepest nesting of arrays and objects a frame may have. */
    public static final String MAX_DEPTH = "channels4j.json.max-depth";
    /** The setting for the most characters one number in a frame may have. */
    public static final String MAX_NUMBER_LENGTH = "channels4j.json.max-number-length";

    static final int DEFAULT_MAX_DEPTH = 64;
    static final int DEFAULT_MAX_NUMBER_LENGTH = 1000;

    private final int maxDepth;
    private final int maxNumberLength;

    private JsonLimits(int maxDepth, int maxNumberLength) {
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
    }

    /**
     * The limits the settings give (defaults 64 levels, 1000 characters).
     *
     * @throws IllegalArgumentException naming a setting whose value is not a whole number of at least 1
     */
    static JsonLimits fromSettings() {
        return new JsonLimits(Settings.count(MAX_DEPTH, DEFAULT_MAX_DEPTH, 1),
                Settings.count(MAX_NUMBER_LENGTH, DEFAULT_MAX_NUMBER_LENGTH, 1));
    }

    /** The default limits, for a consumer not connected yet. */
    public static JsonLimits standard() {
        return new JsonLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_NUMBER_LENGTH);
    }

    /**
     * Reads {@code text} as a stream of JSON events and checks it against the limits.
     *
     * @throws InvalidFrameException (1007) naming the limit the text passes, with a close reason
     *     that names it too
     * @throws JsonException when the text is not one JSON value
     */
    void check(String text) {
        try (JsonParser parser = Json.provider().createParser(new StringReader(text))) {
            int depth = 0;
            do {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > maxDepth) {
                            throw exceeded("JSON nested deeper than " + maxDepth + " levels (" + MAX_DEPTH + ")");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_NUMBER -> {
                        if (parser.getString().length() > maxNumberLength) {
                            throw exceeded("JSON number longer than " + maxNumberLength + " characters ("
                                    + MAX_NUMBER_LENGTH + ")");
                        }
                    }
                    default -> {
                    }
                }
            } while (depth > 0);
            if (parser.hasNext()) {
                throw new JsonParsingException("unexpected text after the JSON value", parser.getLocation());
            }
        }
    }

    private static InvalidFrameException exceeded(String limit) {
        return new LimitExceeded(limit);
    }

    /**
     * A frame past a limit. Its message is written here and names only the limit, so the client
     * may be told it: {@link ErrorPolicy} sends it as the close reason.
     */
    static final class LimitExceeded extends InvalidFrameException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String limit) {
            super(CloseCodes.INVALID_PAYLOAD, limit, null);
        }
    }
}
