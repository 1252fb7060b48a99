package io.channels4j.internal;

import io.channels4j.MaxMessageBytes;
import java.nio.charset.StandardCharsets;

/**
 * The largest message one endpoint takes, and where that number comes from: the consumer class's
 * {@link MaxMessageBytes}, else the {@value #SETTING} setting, else {@value #DEFAULT} bytes (the
 * channel-layer spec's minimum message size).
 *
 * @param bytes the limit, in bytes of payload
 * @param source what set it, as the close reason names it
 */
public record MessageLimit(int bytes, String source) {

    /** The setting that limits every endpoint without {@link MaxMessageBytes}. */
    public static final String SETTING = "channels4j.max-message-bytes";
    /** The limit where nothing sets one: 1 MiB. */
    public static final int DEFAULT = 1024 * 1024;

    /**
     * The limit of {@value #SETTING}, or the default.
     *
     * @throws IllegalArgumentException naming the setting when its value is not a whole number in 1..2147483647
     */
    static MessageLimit fromSettings() {
        return new MessageLimit(Settings.count(SETTING, DEFAULT, 1), SETTING);
    }

    /** The limit of {@code consumerClass}: its {@link MaxMessageBytes}, else this one. */
    MessageLimit forClass(Class<?> consumerClass) {
        MaxMessageBytes declared = consumerClass.getAnnotation(MaxMessageBytes.class);
        if (declared == null || declared.value() < 1) {
            return this;   // a value below 1 is refused as a definition problem: see problem(...)
        }
        return new MessageLimit(declared.value(), "@MaxMessageBytes");
    }

    /** What is wrong with {@code consumerClass}'s {@link MaxMessageBytes}, or null when nothing is. */
    static String problem(Class<?> consumerClass) {
        MaxMessageBytes declared = consumerClass.getAnnotation(MaxMessageBytes.class);
        if (declared == null || declared.value() >= 1) {
            return null;
        }
        return consumerClass.getName() + " declares @MaxMessageBytes(" + declared.value()
                + "): the limit must be at least 1 byte";
    }

    /** Whether {@code text} has more than {@link #bytes()} UTF-8 bytes. */
    boolean exceededBy(String text) {
        if (text.length() > bytes) {
            return true;
        }
        if ((long) text.length() * 3 <= bytes) {
            return false;
        }
        return text.getBytes(StandardCharsets.UTF_8).length > bytes;
    }

    /** Whether {@code data} is longer than {@link #bytes()}. */
    boolean exceededBy(byte[] data) {
        return data.length > bytes;
    }

    /** Whether a message of {@code length} bytes is too big. */
    public boolean exceededBy(long length) {
        return length > bytes || length < 0;
    }

    /** The close reason: fixed, and names the limit. */
    public String reason() {
        return "message larger than " + bytes + " bytes (" + source + ")";
    }
}
