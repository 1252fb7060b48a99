package io.channels4j.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One connection's bounded queue of frames to write. At most one write is in flight at a time, so
 * frames leave in the order they were queued on every container; a close is queued like a frame
 * and goes after the frames before it. When more than {@code limit} frames wait, the client is
 * not reading: the queue is dropped (and counted) and the connection closed with 1013.
 *
 * <p>Owner: the connection. Guarded by {@code this}; transport calls are made outside the lock.
 */
final class Outbound {

    private sealed interface Item permits Text, Binary, Close {
    }

    private record Text(String text) implements Item {
    }

    private record Binary(byte[] data) implements Item {
    }

    private record Close(int code, String reason) implements Item {
    }

    private final Transport transport;
    private final Executor closeExecutor;
    private final int limit;
    private final Metrics metrics;
    private final Runnable onOverflow;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closeQueued;

    Outbound(Transport transport, Executor closeExecutor, int limit, Metrics metrics, Runnable onOverflow) {
        this.transport = transport;
        this.closeExecutor = closeExecutor;
        this.limit = limit;
        this.metrics = metrics;
        this.onOverflow = onOverflow;
    }

    /** Queues a text frame; false when a close is already queued. */
    boolean text(String text) {
        return enqueue(new Text(text));
    }

    /** Queues a binary frame; false when a close is already queued. */
    boolean binary(byte[] data) {
        return enqueue(new Binary(data));
    }

    /** Queues the close; later frames are refused. False when a close was already queued. */
    boolean close(int code, String reason) {
        return enqueue(new Close(code, reason));
    }

    /** Drops whatever is still waiting (the connection is gone) and counts it. */
    void discard() {
        int n;
        synchronized (this) {
            closeQueued = true;
            n = (int) queue.stream().filter(i -> !(i instanceof Close)).count();
            queue.clear();
        }
        metrics.dropped(n);
    }

    private boolean enqueue(Item item) {
        boolean overflow = false;
        synchronized (this) {
            if (closeQueued) {
                return false;
            }
            if (item instanceof Close) {
                closeQueued = true;
            } else if (queue.size() >= limit) {
                overflow = true;
            }
            if (!overflow) {
                if (writing) {
                    queue.add(item);
                    return true;
                }
                writing = true;
            }
        }
        if (overflow) {
            int dropped;
            synchronized (this) {
                dropped = queue.size() + 1;
                queue.clear();
                closeQueued = true;
            }
            metrics.dropped(dropped);
            onOverflow.run();
            return true;
        }
        write(item);
        return true;
    }

    private void write(Item item) {
        if (item instanceof Text t) {
            transport.sendText(t.text(), this::written);
        } else if (item instanceof Binary b) {
            transport.sendBinary(b.data(), this::written);
        } else if (item instanceof Close c) {
            closeExecutor.execute(() -> transport.close(c.code(), c.reason()));
        }
    }

    private void written(Throwable failure) {
        if (failure == null) {
            metrics.frameOut();
        } else {
            metrics.dropped(1);
        }
        Item next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                writing = false;
                return;
            }
        }
        write(next);
    }
}
