package io.channels4j.layer.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Message digests of the algorithms every Java platform must provide (SHA-1, SHA-256). */
public final class Digests {

    private Digests() {
    }

    /** The SHA-256 digest of {@code data}. */
    public static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    /** The SHA-1 digest of {@code data}. */
    public static byte[] sha1(byte[] data) {
        return digest("SHA-1", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }
}
