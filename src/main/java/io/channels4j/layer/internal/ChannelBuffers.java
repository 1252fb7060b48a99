package io.channels4j.layer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The in-process buffers of a channel layer's channels, one per channel: the messages waiting to
 * be received (each with the time it expires), the receives waiting for a message, and the room
 * reserved for messages still on their way (the Redis layer's own sends; the in-memory layer
 * reserves nothing). A channel holds at most its capacity of buffered and reserved messages.
 *
 * <p>A channel can instead be <em>tapped</em> ({@link #tap}): its messages go straight to one
 * standing receiver, as many as the receiver has granted, and wait in the buffer beyond that. A
 * connection's inbox is such a receiver; it saves a receive, a future and a buffer per message.
 *
 * <p>Under back-pressure ({@link SendPressure}) a group send made while a client's frame is handled
 * may put a message beyond a full channel's capacity, up to twice the capacity, and its sender
 * then waits ({@link #watchDrain}) until the channel has drained to half its capacity. A channel
 * whose sender gave up waiting is <em>stalled</em> ({@link #stall}): it takes nothing beyond its
 * capacity until it has drained.
 *
 * <p>State: each channel's buffer, guarded by the map's per-key {@code compute}; a buffer is
 * removed when it holds nothing, is not tapped and nobody waits for it to drain. Waiting receives are completed outside the
 * compute; a tap's receiver is called inside it, so a channel's messages reach it one at a time
 * and in order (it must only hand the message on). Expired messages are dropped when their
 * channel is touched and by {@link #sweep}, and counted.
 */
public final class ChannelBuffers {

    /** What became of an offered message. */
    public enum Offer {
        /** Buffered, or handed to a waiting receive. */
        ACCEPTED,
        /** Buffered beyond the channel's capacity: its sender should wait until the channel drains. */
        OVER_CAPACITY,
        /** Refused: the channel held its capacity. */
        FULL,
        /**
         * Claimed by a waiting receive that gave up before the hand-over (cancelled, timed out):
         * the message is neither buffered nor received; the caller decides where it goes.
         */
        RECEIVER_GONE
    }

    private final ConcurrentHashMap<String, ChannelBuffer> buffers = new ConcurrentHashMap<>();
    private final ToIntFunction<String> capacityFor;
    private final LongAdder expired;

    /**
     * @param capacityFor the capacity of a channel, asked when its buffer is made
     * @param expired counts the messages dropped because they expired or their channel was dropped
     */
    public ChannelBuffers(ToIntFunction<String> capacityFor, LongAdder expired) {
        this.capacityFor = capacityFor;
        this.expired = expired;
    }

    /**
     * The next message of {@code channel}: at once when one is buffered, otherwise when one is
     * offered. Giving up the returned stage (cancelling it, {@code orTimeout}) ends the wait.
     */
    public CompletableFuture<Map<String, Object>> receive(String channel, long now) {
        CompletableFuture<Map<String, Object>> waiter = new CompletableFuture<>();
        Object[] taken = new Object[1];
        boolean[] tapped = new boolean[1];
        buffers.compute(channel, (name, buffer) -> {
            ChannelBuffer b = buffer != null ? buffer : newBuffer(name);
            if (b.tap != null) {
                tapped[0] = true;
                return b;
            }
            b.dropExpired(now);
            ChannelBuffer.Buffered next = b.messages.poll();
            if (next != null) {
                taken[0] = next.message();
                b.checkDrained();
            } else {
                b.waiters.add(waiter);
            }
            return b.isIdle() ? null : b;
        });
        if (tapped[0]) {
            return CompletableFuture.failedFuture(new IllegalStateException("channel " + channel
                    + " is received by its connection; receive() on it is not allowed"));
        }
        if (taken[0] != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> message = (Map<String, Object>) taken[0];
            return CompletableFuture.completedFuture(message);
        }
        waiter.whenComplete((m, failure) -> {
            if (failure != null) {
                buffers.computeIfPresent(channel, (name, b) -> {
                    b.waiters.remove(waiter);
                    return b.isIdle() ? null : b;
                });
            }
        });
        return waiter;
    }

    /**
     * Hands {@code message} to a waiting receive of {@code channel}, or buffers it when none waits.
     *
     * @param reserved whether room was reserved for it ({@link #reserve}); it takes that room
     *     instead of being checked against the capacity
     */
    public Offer offer(String channel, Map<String, Object> message, long expiresAt, long now, boolean reserved) {
        return offer(channel, message, expiresAt, now, reserved, false);
    }

    /**
     * As {@link #offer(String, Map, long, long, boolean)}; with {@code mayOverflow}, a full channel
     * that is not stalled still buffers the message, up to twice its capacity, and says
     * {@link Offer#OVER_CAPACITY}.
     */
    public Offer offer(String channel, Map<String, Object> message, long expiresAt, long now, boolean reserved,
                       boolean mayOverflow) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Map<String, Object>>[] waiter = new CompletableFuture[1];
        boolean[] full = new boolean[1];
        boolean[] over = new boolean[1];
        buffers.compute(channel, (name, buffer) -> {
            ChannelBuffer b = buffer != null ? buffer : newBuffer(name);
            b.dropExpired(now);
            if (reserved && b.reserved > 0) {
                b.reserved--;
            } else if (b.used() >= b.capacity) {
                if (!mayOverflow || b.stalled || b.used() >= 2L * b.capacity) {
                    full[0] = true;
                    return b.isIdle() ? null : b;
                }
                over[0] = true;
            }
            if (b.handToTap(message)) {
                return b;
            }
            waiter[0] = b.waiters.poll();
            if (waiter[0] == null) {
                b.messages.add(new ChannelBuffer.Buffered(message, expiresAt));
            }
            return b.isIdle() ? null : b;
        });
        if (full[0]) {
            return Offer.FULL;
        }
        if (waiter[0] != null && !waiter[0].complete(message)) {
            return Offer.RECEIVER_GONE;
        }
        return over[0] ? Offer.OVER_CAPACITY : Offer.ACCEPTED;
    }

    /**
     * Hands {@code message} to a waiting receive, or puts it first in the buffer whatever the
     * capacity: for a message the channel had accepted already ({@link Offer#RECEIVER_GONE}).
     */
    public void putFirst(String channel, Map<String, Object> message, long expiresAt) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Map<String, Object>>[] waiter = new CompletableFuture[1];
        buffers.compute(channel, (name, buffer) -> {
            ChannelBuffer b = buffer != null ? buffer : newBuffer(name);
            if (b.handToTap(message)) {
                return b;
            }
            waiter[0] = b.waiters.poll();
            if (waiter[0] == null) {
                b.messages.addFirst(new ChannelBuffer.Buffered(message, expiresAt));
            }
            return b.isIdle() ? null : b;
        });
        if (waiter[0] != null && !waiter[0].complete(message)) {
            putFirst(channel, message, expiresAt);
        }
    }

    /**
     * Taps {@code channel}: from now on its messages go to {@code receiver} (the buffered ones
     * first), at most {@code credit} of them until {@link #grant} gives more; the others wait in
     * the buffer, within the channel's capacity. The receiver is called under the channel's lock:
     * it must only hand the message on, never block or call back into these buffers.
     *
     * @throws IllegalStateException when the channel is tapped already or a receive waits on it
     */
    public void tap(String channel, Consumer<Map<String, Object>> receiver, int credit, long now) {
        boolean[] busy = new boolean[1];
        buffers.compute(channel, (name, buffer) -> {
            ChannelBuffer b = buffer != null ? buffer : newBuffer(name);
            if (b.tap != null || !b.waiters.isEmpty()) {
                busy[0] = true;
                return b;
            }
            b.tap = receiver;
            b.credit = credit;
            b.dropExpired(now);
            b.drainToTap();
            b.checkDrained();
            return b;
        });
        if (busy[0]) {
            throw new IllegalStateException("channel " + channel + " already has a receiver");
        }
    }

    /** Lets the tap of {@code channel} take {@code credit} more messages, the buffered ones first. */
    public void grant(String channel, int credit, long now) {
        buffers.computeIfPresent(channel, (name, b) -> {
            if (b.tap != null) {
                b.credit += credit;
                b.dropExpired(now);
                b.drainToTap();
                b.checkDrained();
            }
            return b.isIdle() ? null : b;
        });
    }

    /** Removes the tap of {@code channel}; its buffered messages stay for a later receive. */
    public void untap(String channel) {
        buffers.computeIfPresent(channel, (name, b) -> {
            b.tap = null;
            b.credit = 0;
            return b.isIdle() ? null : b;
        });
    }

    /**
     * Calls {@code onDrained} once, when {@code channel} has drained to half its capacity (at once,
     * on this thread, when it has already). It is called under the channel's lock: it must only
     * hand the news on, never block or call back into these buffers.
     */
    public void watchDrain(String channel, Runnable onDrained) {
        boolean[] drained = new boolean[1];
        buffers.compute(channel, (name, buffer) -> {
            if (buffer == null || buffer.isDrained()) {
                drained[0] = true;
                return buffer;
            }
            buffer.watch(onDrained);
            return buffer;
        });
        if (drained[0]) {
            onDrained.run();
        }
    }

    /**
     * Its sender gave up waiting for {@code channel} ({@code watcher}, from {@link #watchDrain}, is
     * forgotten): unless it has drained meanwhile, it takes nothing beyond its capacity until it has.
     */
    public void stall(String channel, Runnable watcher) {
        buffers.computeIfPresent(channel, (name, b) -> {
            b.unwatch(watcher);
            if (!b.isDrained()) {
                b.stalled = true;
            }
            return b.isIdle() ? null : b;
        });
    }

    /** Forgets {@code watcher}, from {@link #watchDrain}: its sender stopped waiting. */
    public void unwatch(String channel, Runnable watcher) {
        buffers.computeIfPresent(channel, (name, b) -> {
            b.unwatch(watcher);
            return b.isIdle() ? null : b;
        });
    }

    /**
     * Reserves room in {@code channel} for a message on its way.
     *
     * @return whether the channel had room
     */
    public boolean reserve(String channel, long now) {
        boolean[] room = new boolean[1];
        buffers.compute(channel, (name, buffer) -> {
            ChannelBuffer b = buffer != null ? buffer : newBuffer(name);
            b.dropExpired(now);
            if (b.used() < b.capacity) {
                b.reserved++;
                room[0] = true;
            }
            return b.isIdle() ? null : b;
        });
        return room[0];
    }

    /** Gives back room reserved in {@code channel}: its message will not come. */
    public void release(String channel) {
        buffers.computeIfPresent(channel, (name, b) -> {
            if (b.reserved > 0) {
                b.reserved--;
                b.checkDrained();
            }
            return b.isIdle() ? null : b;
        });
    }

    /** Drops the messages buffered for {@code channel}, counted as expired; waiting receives keep waiting. */
    public void drop(String channel) {
        buffers.computeIfPresent(channel, (name, b) -> {
            expired.add(b.messages.size());
            b.messages.clear();
            b.checkDrained();
            return b.isIdle() ? null : b;
        });
    }

    /** Drops every buffered message and reservation, uncounted; waiting receives keep waiting. */
    public void clear() {
        for (String name : buffers.keySet()) {
            buffers.computeIfPresent(name, (n, b) -> {
                b.messages.clear();
                b.reserved = 0;
                b.checkDrained();
                return b.isIdle() ? null : b;
            });
        }
    }

    /** Drops (and counts) the messages expired at {@code now}. */
    public void sweep(long now) {
        for (String name : buffers.keySet()) {
            buffers.computeIfPresent(name, (n, b) -> {
                b.dropExpired(now);
                b.checkDrained();
                return b.isIdle() ? null : b;
            });
        }
    }

    /** Fails every waiting receive with {@code cause}. */
    public void failWaiters(RuntimeException cause) {
        List<CompletableFuture<Map<String, Object>>> waiting = new ArrayList<>();
        for (String name : buffers.keySet()) {
            buffers.computeIfPresent(name, (n, b) -> {
                waiting.addAll(b.waiters);
                b.waiters.clear();
                return b.isIdle() ? null : b;
            });
        }
        waiting.forEach(w -> w.completeExceptionally(cause));
    }

    /** Channels holding messages, reservations or waiting receives. */
    public int size() {
        return buffers.size();
    }

    private ChannelBuffer newBuffer(String channel) {
        return new ChannelBuffer(capacityFor.applyAsInt(channel), expired);
    }
}
