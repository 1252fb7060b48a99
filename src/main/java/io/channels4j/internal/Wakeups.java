package io.channels4j.internal;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * Inboxes woken while an asynchronous consumer handles a frame, started together: a group send to
 * a room of 100 wakes up to 100 inboxes, and instead of 100 tasks on the event pool (each a queue
 * insertion and, often, a sleeping thread woken) they go in tasks of {@value #CHUNK}, handed to the
 * pool when the handler's synchronous part returns (or when a chunk fills). Each inbox still drains
 * on its own, one at a time, in its order: only the hand-off is shared.
 *
 * <p>Only for asynchronous consumers, whose handlers must not block: a synchronous handler could
 * wait for an inbox it woke, which would then not start until the handler returned.
 *
 * <p>Owner: the thread that opened the scope; one scope per thread at a time.
 */
final class Wakeups {

    static final int CHUNK = 16;

    private static final ThreadLocal<Wakeups> CURRENT = new ThreadLocal<>();

    private final Executor executor;
    private Runnable[] tasks;
    private int count;

    private Wakeups(Executor executor) {
        this.executor = executor;
    }

    /** Opens a scope on this thread for tasks bound for {@code executor}; close it with {@link #end}. */
    static Wakeups begin(Executor executor) {
        Wakeups scope = new Wakeups(executor);
        CURRENT.set(scope);
        return scope;
    }

    /** Runs {@code task} on {@code executor}: now, or with the others of this thread's open scope. */
    static void execute(Executor executor, Runnable task) {
        Wakeups scope = CURRENT.get();
        if (scope == null || scope.executor != executor) {
            executor.execute(task);
            return;
        }
        scope.add(task);
    }

    /** Closes the scope and hands its remaining tasks to the executor. */
    void end() {
        CURRENT.remove();
        flush();
    }

    private void add(Runnable task) {
        if (tasks == null) {
            tasks = new Runnable[CHUNK];
        }
        tasks[count++] = task;
        if (count == CHUNK) {
            flush();
        }
    }

    private void flush() {
        if (count == 0) {
            return;
        }
        Runnable[] chunk = count == CHUNK ? tasks : Arrays.copyOf(tasks, count);
        tasks = null;
        count = 0;
        if (chunk.length == 1) {
            executor.execute(chunk[0]);
            return;
        }
        executor.execute(() -> {
            for (Runnable task : chunk) {
                try {
                    task.run();
                } catch (RuntimeException | Error failure) {
                    // a drain must not throw; if one does, the others of the chunk still start
                    System.getLogger("io.channels4j").log(System.Logger.Level.ERROR, "an inbox's drain failed", failure);
                }
            }
        });
    }
}
