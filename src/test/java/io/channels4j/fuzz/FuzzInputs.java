package io.channels4j.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Random inputs for the frame path, each with what the consumer must do with it. A generated JSON
 * text knows its own nesting depth and longest number, so the expected outcome follows from the
 * documented limits; mutated and random texts have no such oracle and are checked against every
 * documented outcome.
 */
final class FuzzInputs {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * A JSON text and what it is made of.
     *
     * @param stringValue the string it is, when it is a string literal (else null)
     * @param message the string under its "message" key, when it is an object with one (else null)
     */
    record Json(String text, int depth, int longestNumber, String stringValue, String message) {
        boolean withinLimits() {
            return depth <= MAX_DEPTH && longestNumber <= MAX_NUMBER_LENGTH;
        }
    }

    private static final String NAMES = "abcdefghijklmnopqrstuvwxyz._-ABC0123456789é서울방";
    private static final List<String> SPECIAL_STRINGS = List.of("", "\"", "\\", "\n", "\u0000", "\u001f",
            "\ud83d\ude00", "</script>", "null", "{\"message\":1}", "\u2028", "방");

    private final Random random;

    FuzzInputs(Random random) {
        this.random = random;
    }

    /** A random JSON value; sometimes very deep, sometimes with a very long number. */
    Json value() {
        return switch (random.nextInt(20)) {
            case 0 -> deepChain(50 + random.nextInt(30));
            case 1 -> deepChain(1 + random.nextInt(100_000));
            case 2 -> longNumber();
            default -> value(0);
        };
    }

    /** A random object with a {@code type} and a {@code message} of any kind, sometimes a string. */
    Json message() {
        String type = "\"type\":" + quote(typeName());
        Json extra = value();
        if (random.nextBoolean()) {
            String m = string();
            return new Json("{" + type + ",\"message\":" + quote(m) + ",\"extra\":" + extra.text + "}",
                    Math.max(1, extra.depth + 1), extra.longestNumber, null, m);
        }
        return new Json("{" + type + ",\"message\":" + extra.text + "}", extra.depth + 1, extra.longestNumber,
                null, extra.stringValue);
    }

    /** {@code text} with one to three random characters inserted, deleted or replaced. */
    String mutated(String text) {
        StringBuilder out = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            char c = "{}[]\",:0123456789.eE-+ \\tnulfase\u0000é".charAt(random.nextInt(34));
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, c);
                case 1 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                default -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Random text of random code points (no lone surrogates: a socket cannot carry them). */
    String text() {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(200); n > 0; n--) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF + 1);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 'x';
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** Random bytes. */
    byte[] bytes() {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }

    /** A random event type: names of handlers, of base-class methods, malformed ones, random ones. */
    String typeName() {
        List<String> known = List.of("chat.message", "chat_message", "_chat.message", ".chat.message",
                "chat.message.", "chat..message", "close", "accept", "send", "connect", "disconnect",
                "receive", "websocket.connect", "websocket.receive", "websocket.disconnect", "load.user",
                "load_user", "get.class", "hash.code", "to.string", "wait", "notify", "finalize", "__init__",
                "", ".", "_", "CHAT.MESSAGE", "chat.message\u0000", "채팅.메시지");
        if (random.nextBoolean()) {
            return known.get(random.nextInt(known.size()));
        }
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(20); n > 0; n--) {
            out.append(NAMES.charAt(random.nextInt(NAMES.length())));
        }
        return out.toString();
    }

    private Json value(int level) {
        int kind = level > 6 ? random.nextInt(4) : random.nextInt(7);
        return switch (kind) {
            case 0 -> {
                String value = string();
                yield new Json(quote(value), 0, 0, value, null);
            }
            case 1 -> number();
            case 2 -> new Json(List.of("true", "false", "null").get(random.nextInt(3)), 0, 0, null, null);
            case 3 -> new Json(random.nextBoolean() ? "[]" : "{}", 1, 0, null, null);
            case 4, 5 -> array(level);
            default -> object(level);
        };
    }

    private Json array(int level) {
        StringBuilder out = new StringBuilder("[");
        int depth = 0;
        int longest = 0;
        for (int i = random.nextInt(5); i >= 0; i--) {
            Json item = value(level + 1);
            out.append(item.text).append(i > 0 ? "," : "");
            depth = Math.max(depth, item.depth);
            longest = Math.max(longest, item.longestNumber);
        }
        return new Json(out.append(']').toString(), depth + 1, longest, null, null);
    }

    private Json object(int level) {
        StringBuilder out = new StringBuilder("{");
        int depth = 0;
        int longest = 0;
        String message = null;
        int entries = random.nextInt(5);
        for (int i = 0; i <= entries; i++) {
            String key = i == 0 && random.nextBoolean() ? "message" : "k" + i;
            Json item = value(level + 1);
            out.append(quote(key)).append(':').append(item.text).append(i < entries ? "," : "");
            depth = Math.max(depth, item.depth);
            longest = Math.max(longest, item.longestNumber);
            if (key.equals("message")) {
                message = item.stringValue;
            }
        }
        return new Json(out.append('}').toString(), depth + 1, longest, null, message);
    }

    private Json deepChain(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return new Json(open.repeat(depth) + "1" + close.repeat(depth), depth, 1, null, null);
    }

    private Json longNumber() {
        int digits = 990 + random.nextInt(20);
        String n = (random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + digitString(digits - 1);
        return new Json("[" + n + "]", 1, n.length(), null, null);
    }

    private Json number() {
        String n = switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> Long.toString(random.nextLong());
            case 2 -> random.nextInt(1000) + "." + digitString(1 + random.nextInt(20));
            case 3 -> (1 + random.nextInt(9)) + "e" + (random.nextBoolean() ? "-" : "") + random.nextInt(400);
            default -> (1 + random.nextInt(9)) + digitString(random.nextInt(60));
        };
        return new Json(n, 0, n.length(), null, null);
    }

    private String digitString(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private String string() {
        if (random.nextInt(4) == 0) {
            return SPECIAL_STRINGS.get(random.nextInt(SPECIAL_STRINGS.size()));
        }
        return randomPrintable();
    }

    private String randomPrintable() {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(30); n > 0; n--) {
            out.appendCodePoint(random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x5F) : 0xA0 + random.nextInt(0xD000));
        }
        return out.toString();
    }

    /** {@code s} as a JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
