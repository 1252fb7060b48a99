package io.channels4j.layer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One channel's state in {@link ChannelBuffers}: its buffered messages, reservations, waiting
 * receives, tap and credit, and the senders waiting for it to drain. Not thread-safe: only touched
 * inside {@link ChannelBuffers}'s per-channel {@code compute}.
 */
final class ChannelBuffer {

    /** A buffered message and when it expires. */
    record Buffered(Map<String, Object> message, long expiresAt) {
    }

    final int capacity;
    final ArrayDeque<Buffered> messages = new ArrayDeque<>();
    final ArrayDeque<CompletableFuture<Map<String, Object>>> waiters = new ArrayDeque<>(1);
    int reserved;
    Consumer<Map<String, Object>> tap;
    int credit;
    /** Senders waiting for this channel to drain; null when none ever did. */
    private List<Runnable> drainWatchers;
    /** A sender gave up waiting: nothing beyond the capacity until the channel drains. */
    boolean stalled;
    private final LongAdder expired;

    ChannelBuffer(int capacity, LongAdder expired) {
        this.capacity = capacity;
        this.expired = expired;
    }

    int used() {
        return messages.size() + reserved;
    }

    void dropExpired(long now) {
        Iterator<Buffered> it = messages.iterator();
        while (it.hasNext() && it.next().expiresAt() <= now) {
            it.remove();
            expired.increment();
        }
    }

    /** Hands {@code message} to the tap when it has credit and nothing is buffered before it. */
    boolean handToTap(Map<String, Object> message) {
        if (tap == null || credit <= 0 || !messages.isEmpty()) {
            return false;
        }
        credit--;
        tap.accept(message);
        return true;
    }

    void drainToTap() {
        while (credit > 0 && !messages.isEmpty()) {
            credit--;
            tap.accept(messages.poll().message());
        }
    }

    /** Tells {@code onDrained} once this channel has drained ({@link #checkDrained}). */
    void watch(Runnable onDrained) {
        if (drainWatchers == null) {
            drainWatchers = new ArrayList<>(2);
        }
        drainWatchers.add(onDrained);
    }

    void unwatch(Runnable watcher) {
        if (drainWatchers != null) {
            drainWatchers.remove(watcher);
        }
    }

    /** At most half full: senders waiting for it may go on. */
    boolean isDrained() {
        return used() <= capacity / 2;
    }

    /** After something left the buffer: tells the waiting senders once it has drained. */
    void checkDrained() {
        if ((drainWatchers == null || drainWatchers.isEmpty()) && !stalled) {
            return;
        }
        if (!isDrained()) {
            return;
        }
        stalled = false;
        if (drainWatchers != null && !drainWatchers.isEmpty()) {
            List<Runnable> told = new ArrayList<>(drainWatchers);
            drainWatchers.clear();
            told.forEach(Runnable::run);
        }
    }

    boolean isIdle() {
        return messages.isEmpty() && waiters.isEmpty() && reserved == 0 && tap == null
                && (drainWatchers == null || drainWatchers.isEmpty()) && !stalled;
    }
}
