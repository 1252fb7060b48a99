package io.channels4j.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One connection's serial inbox: events are handled one at a time, in arrival order, on the
 * given executor. The next event starts only when the previous one's stage has completed, so an
 * asynchronous handler that awaits something still holds its place. After a batch the drain gives
 * its thread back, so a busy connection does not starve others sharing the pool.
 *
 * <p>A woken mailbox's first drain may start with others woken by the same handler ({@link Wakeups}).
 *
 * <p>Owner: the connection. {@link #enqueue} may be called from any thread and never blocks.
 */
final class Mailbox<E> {

    private static final int BATCH = 32;

    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final Function<E, CompletionStage<?>> handler;
    private final Runnable drainTask = this::drain;

    /**
     * @param handler handles one event; must not throw, and returns a stage that completes when
     *     the event is done with
     */
    Mailbox(Executor executor, Function<E, CompletionStage<?>> handler) {
        this.executor = executor;
        this.handler = handler;
    }

    void enqueue(E event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            Wakeups.execute(executor, drainTask);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            E event = queue.poll();
            if (event == null) {
                scheduled.set(false);
                if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                    executor.execute(this::drain);
                }
                return;
            }
            CompletionStage<?> stage = handler.apply(event);
            if (!isDone(stage)) {
                stage.whenComplete((v, t) -> executor.execute(this::drain));
                return;
            }
        }
        executor.execute(this::drain);
    }

    private static boolean isDone(CompletionStage<?> stage) {
        try {
            return stage.toCompletableFuture().isDone();
        } catch (UnsupportedOperationException opaque) {
            return false;
        }
    }
}
