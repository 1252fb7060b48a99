package io.channels4j.internal;

import java.util.List;
import java.util.Map;

/**
 * Writes the plain values a consumer usually sends (maps with string keys, lists, strings,
 * booleans, ints and longs) as the same text the default JSON-B instance writes for them, without
 * JSON-B's per-call serializer look-ups. Anything else (null, decimals, beans, arrays, custom
 * types) is left to JSON-B: {@link #encode} then returns null.
 */
final class FastJson {

    private static final int MAX_DEPTH = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private FastJson() {
    }

    /** The JSON text of {@code value}, or null when JSON-B must write it. */
    static String encode(Object value) {
        StringBuilder out = new StringBuilder(64);
        return write(out, value, 0) ? out.toString() : null;
    }

    private static boolean write(StringBuilder out, Object value, int depth) {
        if (value instanceof String s) {
            string(out, s);
            return true;
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
            return true;
        }
        if (depth >= MAX_DEPTH) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key) || e.getValue() == null) {
                    return false;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, key);
                out.append(':');
                if (!write(out, e.getValue(), depth + 1)) {
                    return false;
                }
            }
            out.append('}');
            return true;
        }
        if (value instanceof List<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (item == null) {
                    return false;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (!write(out, item, depth + 1)) {
                    return false;
                }
            }
            out.append(']');
            return true;
        }
        return false;
    }

    /** A JSON string with JSON-P's escapes: quote, backslash, and control characters. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, plain, s.length()).append('"');
    }
}
