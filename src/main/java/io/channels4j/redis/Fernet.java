package io.channels4j.redis;

import io.channels4j.layer.internal.Digests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (the specification Python's {@code cryptography.fernet} implements) with the
 * keys of channels_redis's {@code symmetric_encryption_keys}: each key string becomes the Fernet
 * key {@code urlsafe_base64(sha256(utf8(key)))}, that is a 16-byte HMAC-SHA256 signing key
 * followed by a 16-byte AES-128 key. The first key encrypts, any key decrypts.
 *
 * <p>Token: {@code 0x80 | timestamp (8 bytes, seconds) | IV (16) | AES-128-CBC/PKCS7 ciphertext |
 * HMAC-SHA256 of everything before (32)}, URL-safe base64 with padding. Thread-safe.
 */
final class Fernet {

    private static final byte VERSION = (byte) 0x80;
    private static final int HEADER = 1 + 8 + 16;
    private static final int MAC_LENGTH = 32;
    private static final long MAX_CLOCK_SKEW_SECONDS = 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Key> keys;

    private Fernet(List<Key> keys) {
        this.keys = keys;
    }

    /** Fernet with channels_redis's derivation of each key string; the first encrypts. */
    static Fernet fromPassphrases(List<String> passphrases) {
        if (passphrases.isEmpty()) {
            throw new IllegalArgumentException("at least one encryption key is needed");
        }
        List<Key> keys = new ArrayList<>();
        for (String passphrase : passphrases) {
            byte[] raw = Digests.sha256(passphrase.getBytes(StandardCharsets.UTF_8));
            keys.add(new Key(Arrays.copyOfRange(raw, 0, 16), Arrays.copyOfRange(raw, 16, 32)));
        }
        return new Fernet(List.copyOf(keys));
    }

    /** A token for {@code plain}, stamped {@code nowSeconds}, as URL-safe base64 (ASCII) bytes. */
    byte[] encrypt(byte[] plain, long nowSeconds) {
        Key key = keys.get(0);
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"), new IvParameterSpec(iv));
            byte[] cipherText = aes.doFinal(plain);
            ByteBuffer token = ByteBuffer.allocate(HEADER + cipherText.length + MAC_LENGTH);
            token.put(VERSION).putLong(nowSeconds).put(iv).put(cipherText);
            token.put(mac(key, token.array(), HEADER + cipherText.length));
            return Base64.getUrlEncoder().encode(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot do AES-128-CBC with HMAC-SHA256", e);
        }
    }

    /**
     * The plain bytes of {@code token}.
     *
     * @param ttlSeconds how old the token may be
     * @throws InvalidTokenException when the token is malformed, too old, from the future, or
     *     signed with none of the keys
     */
    byte[] decrypt(byte[] token, long nowSeconds, long ttlSeconds) {
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("not URL-safe base64");
        }
        int cipherLength = data.length - HEADER - MAC_LENGTH;
        if (cipherLength < 16 || cipherLength % 16 != 0 || data[0] != VERSION) {
            throw new InvalidTokenException("not a Fernet token (bad version or length)");
        }
        long stamped = ByteBuffer.wrap(data, 1, 8).getLong();
        if (stamped + ttlSeconds < nowSeconds) {
            throw new InvalidTokenException("the token is older than " + ttlSeconds + " s");
        }
        if (nowSeconds + MAX_CLOCK_SKEW_SECONDS < stamped) {
            throw new InvalidTokenException("the token is stamped in the future (clock skew?)");
        }
        byte[] signature = Arrays.copyOfRange(data, data.length - MAC_LENGTH, data.length);
        for (Key key : keys) {
            try {
                if (MessageDigest.isEqual(signature, mac(key, data, data.length - MAC_LENGTH))) {
                    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
                    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"),
                            new IvParameterSpec(data, 9, 16));
                    return aes.doFinal(data, HEADER, cipherLength);
                }
            } catch (GeneralSecurityException e) {
                throw new InvalidTokenException("the token's ciphertext is damaged");
            }
        }
        throw new InvalidTokenException("no key matches the token's signature");
    }

    private static byte[] mac(Key key, byte[] data, int length) throws GeneralSecurityException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key.signing(), "HmacSHA256"));
        hmac.update(data, 0, length);
        return hmac.doFinal();
    }


    private record Key(byte[] signing, byte[] encryption) {
    }

    /** A token that cannot be decrypted; the message says why. */
    static final class InvalidTokenException extends RuntimeException {
        InvalidTokenException(String message) {
            super(message);
        }
    }
}
