package io.channels4j.redis;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random hex strings, from a secure source: the unguessable parts of channel names and client prefixes. */
final class RandomHex {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomHex() {
    }

    /** {@code bytes} random bytes as {@code 2 * bytes} lower-case hex digits. */
    static String of(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
