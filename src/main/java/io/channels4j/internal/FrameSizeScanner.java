package io.channels4j.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Follows the WebSocket frames a client sends on one connection (RFC 6455, section 5.2), header by
 * header, without keeping their payloads, and finds the first frame that takes a message past the
 * limit: a text or binary frame, or a continuation, whose payload length added to the message's
 * earlier fragments is larger than {@code limit} bytes. Control frames do not count.
 *
 * <p>It hands on every byte it has seen except a frame header still incomplete at the end of a
 * read, which it keeps (at most 13 bytes) and puts in front of the next read; so the container's
 * parser only ever sees whole headers, and a refused frame's header never reaches it: in its
 * place goes a client close frame with 1009 and the reason, which the container answers as it
 * answers any client's close.
 *
 * <p>One per connection; used by one read at a time (containers read a connection serially).
 */
public final class FrameSizeScanner {

    private static final int MAX_HEADER = 14;
    private static final int MESSAGE_TOO_BIG = 1009;

    private final long limit;
    private final String reason;
    /** Bytes of an incomplete header held back from the last read. */
    private final byte[] held = new byte[MAX_HEADER];
    private int heldLength;
    /** Payload bytes of the current frame still to come. */
    private long payloadLeft;
    /** Payload bytes of the current data message so far, over its fragments. */
    private long messageBytes;
    private boolean refused;

    /** A scanner for one connection to an endpoint with {@code limit}. */
    public FrameSizeScanner(MessageLimit limit) {
        this(limit.bytes(), limit.reason());
    }

    FrameSizeScanner(long limit, String reason) {
        this.limit = limit;
        this.reason = reason;
    }

    /** Whether a frame was refused: everything after it is to be dropped. */
    public boolean refused() {
        return refused;
    }

    /**
     * Scans the next bytes read. Returns {@code read} itself when it can go on unchanged (the
     * common case: no header held back now or before), else the bytes to hand on instead, perhaps
     * none; after a refusal always none.
     */
    public ByteBuffer scan(ByteBuffer read) {
        if (refused) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer input = read;
        if (heldLength > 0) {
            input = ByteBuffer.allocate(heldLength + read.remaining());
            input.put(held, 0, heldLength).put(read.duplicate()).flip();
            heldLength = 0;
        }
        int start = input.position();
        int end = input.limit();
        int at = start;
        while (at < end) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, end - at);
                at += (int) skip;
                payloadLeft -= skip;
                continue;
            }
            int headerLength = headerLength(input, at, end);
            if (headerLength < 0) {
                heldLength = end - at;
                input.get(at, held, 0, heldLength);
                return slice(input, start, at, read);
            }
            if (!admit(input, at)) {
                refused = true;
                return refusal(input, start, at);
            }
            at += headerLength;
        }
        return input == read ? read : slice(input, start, end, read);
    }

    /** The length of the header at {@code at}, or -1 when it is not complete before {@code end}. */
    private static int headerLength(ByteBuffer in, int at, int end) {
        if (end - at < 2) {
            return -1;
        }
        int second = in.get(at + 1) & 0xFF;
        int code = second & 0x7F;
        int length = 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + ((second & 0x80) != 0 ? 4 : 0);
        return end - at < length ? -1 : length;
    }

    /** Reads the complete header at {@code at}: false when its frame takes the message past the limit. */
    private boolean admit(ByteBuffer in, int at) {
        int first = in.get(at) & 0xFF;
        int second = in.get(at + 1) & 0xFF;
        int code = second & 0x7F;
        long length;
        if (code == 126) {
            length = ((in.get(at + 2) & 0xFF) << 8) | (in.get(at + 3) & 0xFF);
        } else if (code == 127) {
            length = in.getLong(at + 2);   // a negative length (top bit set) is refused as too big
        } else {
            length = code;
        }
        boolean control = (first & 0x08) != 0;
        if (!control) {
            long total = messageBytes + length;
            if (length < 0 || total > limit) {
                return false;
            }
            boolean fin = (first & 0x80) != 0;
            messageBytes = fin ? 0 : total;
        }
        payloadLeft = length;
        return true;
    }

    /** The bytes before the refused frame, then a masked client close frame with 1009 and the reason. */
    private ByteBuffer refusal(ByteBuffer in, int start, int at) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int payload = 2 + text.length;   // the reason is at most 123 bytes: a one-byte length
        ByteBuffer out = ByteBuffer.allocate(at - start + 6 + payload);
        out.put(in.duplicate().position(start).limit(at));
        out.put((byte) 0x88).put((byte) (0x80 | payload)).putInt(0);   // FIN + close; masked, key 0
        out.putShort((short) MESSAGE_TOO_BIG).put(text);
        return out.flip();
    }

    private static ByteBuffer slice(ByteBuffer in, int from, int to, ByteBuffer read) {
        if (in == read && from == read.position() && to == read.limit()) {
            return read;
        }
        return in.duplicate().position(from).limit(to).slice();
    }
}
