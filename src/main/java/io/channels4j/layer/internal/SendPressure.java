package io.channels4j.layer.internal;

import io.channels4j.layer.Sweeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Back-pressure from a layer's full channels to the connection whose frame made the send. The
 * engine opens a scope around the handling of each client frame ({@link #begin} / {@link #end});
 * a layer with back-pressure on that finds a member's channel full while a scope is open on its
 * thread buffers the message beyond the capacity ({@link ChannelBuffers.Offer#OVER_CAPACITY}) and
 * {@link #record records} the channel here. The engine then stops taking that connection's frames
 * until {@link #hold} says the channels have drained, or the wait has ended and the channels are
 * stalled (from then on their sends beyond capacity are dropped and counted, as without it).
 *
 * <p>Owner: one connection; {@link #begin}, {@link #end} and {@link #hold} run on its inbox's
 * thread, one at a time. A group send made on another thread (a continuation after an await) is
 * outside the scope: its full members drop the message, as without back-pressure.
 */
public final class SendPressure {

    private static final ThreadLocal<SendPressure> CURRENT = new ThreadLocal<>();

    /** The full channels of the current scope: buffers and names, in pairs; null when none. */
    private List<Object> pressured;
    private long waitMillis;

    /** Opens this connection's scope on the calling thread, before a frame is handled. */
    public void begin() {
        CURRENT.set(this);
    }

    /**
     * Closes the scope.
     *
     * @return whether some channel was found full meanwhile: {@link #hold} then says when to go on
     */
    public boolean end() {
        CURRENT.remove();
        return pressured != null && !pressured.isEmpty();
    }

    /**
     * Whether a scope is open on this thread: a layer with back-pressure may then put a message
     * beyond a full channel's capacity, and must {@link #record} it.
     */
    public static boolean inScope() {
        return CURRENT.get() != null;
    }

    /** A message went beyond {@code channel}'s capacity; its sender should wait at most {@code waitMillis}. */
    public static void record(ChannelBuffers buffers, String channel, long waitMillis) {
        SendPressure scope = CURRENT.get();
        if (scope == null) {
            return;
        }
        if (scope.pressured == null) {
            scope.pressured = new ArrayList<>(2);
        }
        for (int i = 0; i < scope.pressured.size(); i += 2) {
            if (scope.pressured.get(i) == buffers && scope.pressured.get(i + 1).equals(channel)) {
                return;
            }
        }
        scope.pressured.add(buffers);
        scope.pressured.add(channel);
        scope.waitMillis = Math.max(scope.waitMillis, waitMillis);
    }

    /**
     * Waits, without blocking, for the channels the last scope recorded: {@code onEnd} runs once,
     * on whatever thread sees the last of them drain (possibly under a channel's lock: it must only
     * hand the news on), or on the layer's timer when the wait ends, after stalling those still full.
     */
    public Hold hold(Runnable onEnd) {
        List<Object> channels = pressured;
        pressured = null;
        long wait = waitMillis;
        waitMillis = 0;
        return new Hold(channels, wait, onEnd);
    }

    /** One wait of a connection for full channels to drain. */
    public static final class Hold {
        private final List<Object> channels;
        private final Runnable onEnd;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicInteger waiting;
        private final Runnable watcher = this::oneDrained;
        private volatile ScheduledFuture<?> timeout;

        private Hold(List<Object> channels, long waitMillis, Runnable onEnd) {
            this.channels = channels;
            this.onEnd = onEnd;
            this.waiting = new AtomicInteger(channels.size() / 2 + 1);
            for (int i = 0; i < channels.size(); i += 2) {
                ((ChannelBuffers) channels.get(i)).watchDrain((String) channels.get(i + 1), watcher);
            }
            oneDrained();   // the registrations are done: let the last drain end the hold
            if (!ended.get()) {
                // a drain between this check and the scheduling leaves a timer that finds the hold ended
                timeout = Sweeper.once(Duration.ofMillis(waitMillis), this::expire);
            }
        }

        /** Whether the wait is over (drained, expired or cancelled). */
        public boolean hasEnded() {
            return ended.get();
        }

        /** Ends the wait now, as if it had timed out: the channels still full are stalled. */
        public void expire() {
            if (ended.compareAndSet(false, true)) {
                for (int i = 0; i < channels.size(); i += 2) {
                    ((ChannelBuffers) channels.get(i)).stall((String) channels.get(i + 1), watcher);
                }
                onEnd.run();
            }
        }

        /** Ends the wait now without stalling anything (the connection is going away); onEnd does not run. */
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                cancelTimeout();
                for (int i = 0; i < channels.size(); i += 2) {
                    ((ChannelBuffers) channels.get(i)).unwatch((String) channels.get(i + 1), watcher);
                }
            }
        }

        private void oneDrained() {
            if (waiting.decrementAndGet() == 0 && ended.compareAndSet(false, true)) {
                cancelTimeout();
                onEnd.run();
            }
        }

        private void cancelTimeout() {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
