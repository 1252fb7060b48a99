package io.channels4j.internal;

import java.io.ByteArrayOutputStream;

/**
 * Puts together one message the container delivers in parts (the fragments of a WebSocket
 * message, or pieces of a long frame), refusing it as soon as its parts pass the endpoint's
 * {@link MessageLimit}: the container then never holds more than one part, and this class never
 * more than the limit. Containers deliver a session's parts one at a time, in order, so it is
 * owned by that delivery and not locked; a connection makes one only for its first message that
 * comes in more than one part.
 */
final class MessageParts {

    private final MessageLimit limit;
    private StringBuilder text;
    private ByteArrayOutputStream binary;
    private long bytes;
    private boolean refused;

    MessageParts(MessageLimit limit) {
        this.limit = limit;
    }

    /** Whether a message passed the limit: the connection is closing, later parts are dropped. */
    boolean refused() {
        return refused;
    }

    /** Adds a text part; returns the whole message after its last part, else null (also when refused). */
    String text(String part, boolean last) {
        if (refused || !admit(utf8Length(part))) {
            return null;
        }
        if (text == null) {
            if (last) {
                bytes = 0;
                return part;   // a message in one part: nothing to put together
            }
            text = new StringBuilder(part.length() * 2);
        }
        text.append(part);
        if (!last) {
            return null;
        }
        String whole = text.toString();
        text = null;
        bytes = 0;
        return whole;
    }

    /** Adds a binary part; returns the whole message after its last part, else null (also when refused). */
    byte[] binary(byte[] part, boolean last) {
        if (refused || !admit(part.length)) {
            return null;
        }
        if (binary == null) {
            if (last) {
                bytes = 0;
                return part;
            }
            binary = new ByteArrayOutputStream(part.length * 2);
        }
        binary.writeBytes(part);
        if (!last) {
            return null;
        }
        byte[] whole = binary.toByteArray();
        binary = null;
        bytes = 0;
        return whole;
    }

    private boolean admit(long partBytes) {
        bytes += partBytes;
        if (limit.exceededBy(bytes)) {
            refused = true;
            text = null;
            binary = null;
        }
        return !refused;
    }

    /** The UTF-8 length of {@code s}, without encoding it (an unpaired surrogate counts 3: never less than its encoding). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
