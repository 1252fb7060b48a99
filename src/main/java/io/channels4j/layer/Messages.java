package io.channels4j.layer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message rules every channel layer applies, for channels4j's layers and third-party ones
 * alike: what a message may hold, and the copy on send. A copy is deep and read-only, so one copy can be
 * shared by every receiver of a group send without any of them seeing another's changes; the one
 * exception is a {@code byte[]}, which cannot be made read-only: a copy that
 * {@linkplain #holdsBytes holds bytes} must be copied again for each receiver.
 */
public final class Messages {

    /** The key channels_redis reserves for routing; user messages may not carry it. */
    public static final String RESERVED_KEY = "__asgi_channel__";

    /**
     * How deep maps and lists may nest in a message (64 below the message itself). {@link #copy}
     * refuses deeper messages on send; a layer reading messages from elsewhere (a Redis peer can
     * write anything) drops deeper ones and counts them in {@link LayerStats#unreadable()}.
     */
    public static final int MAX_DEPTH = 64;

    private Messages() {
    }

    /**
     * Returns a deep, read-only copy of {@code message}.
     *
     * @throws InvalidMessageException naming the path of a value that cannot travel
     */
    public static Map<String, Object> copy(Map<String, ?> message) {
        if (message == null) {
            throw new InvalidMessageException("message must not be null");
        }
        Map<String, Object> copy = copyMap(message, "message", 0);
        // Checked on the copy: containsKey on the caller's map may throw (a TreeMap of other keys).
        if (copy.containsKey(RESERVED_KEY)) {
            throw new InvalidMessageException("message must not contain the reserved key '"
                    + RESERVED_KEY + "'");
        }
        return copy;
    }

    /**
     * Whether {@code message}, at any depth, holds a {@code byte[]}: a value a receiver could
     * change, so that the message cannot be shared between receivers.
     */
    public static boolean holdsBytes(Map<String, ?> message) {
        return message.values().stream().anyMatch(Messages::holdsBytesValue);
    }

    private static boolean holdsBytesValue(Object value) {
        if (value instanceof byte[]) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(Messages::holdsBytesValue);
        }
        return value instanceof Collection<?> items && items.stream().anyMatch(Messages::holdsBytesValue);
    }

    /**
     * Returns the message's {@code type}, or {@code null} when it has none or it is not a string.
     */
    public static String type(Map<String, ?> message) {
        return message.get("type") instanceof String type ? type : null;
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
        checkDepth(path, depth);
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InvalidMessageException(path + " has a key that is not a string: "
                        + describe(e.getKey()) + "; message keys must be strings");
            }
            copy.put(key, copyValue(e.getValue(), path + "." + key, depth + 1));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value, String path, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap(map, path, depth);
        }
        if (value instanceof Collection<?> items) {
            return copyList(items, path, depth);
        }
        if (value instanceof Object[] items) {
            return copyList(java.util.Arrays.asList(items), path, depth);
        }
        throw new InvalidMessageException(path + " is a " + describe(value)
                + "; a message may hold only strings, numbers, booleans, null, byte[], lists"
                + " and maps with string keys");
    }

    private static List<Object> copyList(Collection<?> items, String path, int depth) {
        checkDepth(path, depth);
        List<Object> copy = new ArrayList<>(items.size());
        int i = 0;
        for (Object item : items) {
            copy.add(copyValue(item, path + "[" + i++ + "]", depth + 1));
        }
        return Collections.unmodifiableList(copy);
    }

    private static void checkDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidMessageException(path + " is nested deeper than " + MAX_DEPTH
                    + " levels (is the message self-referencing?)");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
