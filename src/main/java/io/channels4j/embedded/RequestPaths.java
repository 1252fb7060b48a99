package io.channels4j.embedded;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rule the embedded server applies to every request path before any handler sees it: the path
 * as sent must decode (percent-encoding, then UTF-8) to a clean absolute path, with no {@code .}
 * or {@code ..} segment (also with {@code ;parameters}), no encoded {@code /} or {@code \}, no
 * backslash and no control character. Browsers never send such paths; a request that does is
 * answered 400 by {@link PathGuard}.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /** Whether {@code rawPath} (the request line's path, undecoded, without the query) follows the rule. */
    static boolean acceptable(String rawPath) {
        String decoded = decode(rawPath);
        if (decoded == null || !decoded.startsWith("/")) {
            return false;
        }
        for (String segment : decoded.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The decoded path, or null when it is malformed or holds a character the rule forbids. */
    private static String decode(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                int value = i + 2 < rawPath.length() ? hex(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
                if (value < 0 || value == '/' || value == '\\') {
                    return null;
                }
                bytes.put((byte) value);
                i += 2;
            } else if (c <= 0x20 || c >= 0x7F || c == '\\') {
                return null;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            String decoded = chars.toString();
            return decoded.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F || ch == '\\') ? null : decoded;
        } catch (CharacterCodingException malformed) {
            return null;
        }
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
