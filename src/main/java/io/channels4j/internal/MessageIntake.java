package io.channels4j.internal;

import java.io.ByteArrayOutputStream;

/**
 * One connection's intake of client messages: hands each whole message to the inbox, and puts
 * together a message the container delivers in parts (the fragments of a WebSocket message, or
 * pieces of a long frame), refusing a message as soon as it passes the endpoint's
 * {@link MessageLimit}: the container then never holds more than one part, and this class never
 * more than the limit. A refusal runs {@code tooBig} once; later parts and messages are dropped.
 *
 * <p>Owner: the connection. Containers deliver a session's messages one at a time, in order, so
 * the state here belongs to that delivery and is not locked.
 */
final class MessageIntake {

    private final MessageLimit limit;
    private final Inbox inbox;
    private final Metrics metrics;
    private final Runnable tooBig;
    private StringBuilder text;
    private ByteArrayOutputStream binary;
    private long bytes;
    private boolean refused;

    MessageIntake(MessageLimit limit, Inbox inbox, Metrics metrics, Runnable tooBig) {
        this.limit = limit;
        this.inbox = inbox;
        this.metrics = metrics;
        this.tooBig = tooBig;
    }

    /** The limit. */
    MessageLimit limit() {
        return limit;
    }

    /** A whole text message. */
    private void text(String text) {
        if (refused) {
            return;
        }
        metrics.frameIn();
        if (limit.exceededBy(text)) {
            refuse();
        } else {
            inbox.text(text);
        }
    }

    /** A whole binary message. */
    private void binary(byte[] data) {
        if (refused) {
            return;
        }
        metrics.frameIn();
        if (limit.exceededBy(data)) {
            refuse();
        } else {
            inbox.binary(data);
        }
    }

    /** A part of a text message; the last part of a message in one part is the whole message. */
    void textPart(String part, boolean last) {
        if (last && text == null) {
            text(part);
            return;
        }
        String whole = assembleText(part, last);
        if (whole != null) {
            metrics.frameIn();
            inbox.text(whole);
        }
    }

    /** A part of a binary message; see {@link #textPart}. */
    void binaryPart(byte[] part, boolean last) {
        if (last && binary == null) {
            binary(part);
            return;
        }
        byte[] whole = assembleBinary(part, last);
        if (whole != null) {
            metrics.frameIn();
            inbox.binary(whole);
        }
    }

    /** Adds a text part; returns the whole message after its last part, else null (also when refused). */
    private String assembleText(String part, boolean last) {
        if (refused || !admit(utf8Length(part))) {
            return null;
        }
        if (text == null) {
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
    private byte[] assembleBinary(byte[] part, boolean last) {
        if (refused || !admit(part.length)) {
            return null;
        }
        if (binary == null) {
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
            text = null;
            binary = null;
            refuse();
        }
        return !refused;
    }

    private void refuse() {
        refused = true;
        tooBig.run();
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
