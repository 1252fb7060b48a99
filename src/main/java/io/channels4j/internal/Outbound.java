package io.channels4j.internal;

import io.channels4j.CloseCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One connection's bounded queue of frames to write, and whether a write is in flight. A close is
 * queued like a frame and leaves after the frames before it; nothing is queued after it.
 *
 * <p>Not thread-safe: its owner, the {@link Connection}, calls it under its monitor and makes the
 * transport calls after releasing the monitor. So frames leave in the order they were queued,
 * with at most one write in flight, on every container.
 */
final class Outbound {

    /** Something to write. */
    sealed interface Item permits Text, Binary, Close {
    }

    record Text(String text) implements Item {
    }

    record Binary(byte[] data) implements Item {
    }

    record Close(int code, String reason) implements Item {
        private static final int MAX_REASON_BYTES = 123;

        /**
         * Checks what a consumer asked to close with: a sendable code (or null, the default) and a
         * reason that fits a close frame; returns the reason, never null.
         *
         * @throws IllegalArgumentException naming what does not fit
         */
        static String requireValid(Integer code, String reason) {
            if (code != null) {
                CloseCodes.requireSendable(code);
            }
            String why = reason == null ? "" : reason;
            int bytes = why.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_REASON_BYTES) {
                throw new IllegalArgumentException("close reason must fit in " + MAX_REASON_BYTES
                        + " UTF-8 bytes, got " + bytes);
            }
            return why;
        }
    }

    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final int limit;
    private boolean writing;
    private boolean closeQueued;

    /** @param limit frames that may wait behind the one being written */
    Outbound(int limit) {
        this.limit = limit;
    }

    /** Whether one more frame would exceed the limit: the client is not reading. */
    boolean isFull() {
        return queue.size() >= limit;
    }

    /** Whether a close is queued or sent, or the queue was discarded: nothing more goes out. */
    boolean isClosed() {
        return closeQueued;
    }

    /**
     * Queues {@code item} unless a close went before it.
     *
     * @return the item to write now (nothing was in flight), or null when it waits its turn or was
     *     refused
     */
    Item offer(Item item) {
        if (closeQueued) {
            return null;
        }
        if (item instanceof Close) {
            closeQueued = true;
        }
        if (writing) {
            queue.add(item);
            return null;
        }
        writing = true;
        return item;
    }

    /** The write in flight finished: the next item to write, or null when the queue is empty. */
    Item next() {
        Item next = queue.poll();
        writing = next != null;
        return next;
    }

    /**
     * Drops everything waiting and refuses what comes later.
     *
     * @return how many frames (not counting a close) were dropped
     */
    int discard() {
        closeQueued = true;
        int frames = 0;
        for (Item item : queue) {
            if (!(item instanceof Close)) {
                frames++;
            }
        }
        queue.clear();
        return frames;
    }
}
