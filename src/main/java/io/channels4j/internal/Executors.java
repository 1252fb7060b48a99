package io.channels4j.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The two thread pools consumers run on. Threads come from the container's
 * {@code ManagedThreadFactory} where JNDI offers one (so handlers keep the application's
 * context in Payara and WildFly), else they are plain daemon threads.
 *
 * <p>The shared pools ({@link #blocking()}, {@link #events()}) serve the embedded server and the
 * process default; in Payara and WildFly each application's runtime owns its own pair
 * ({@link #newBlockingPool()}, {@link #newEventPool()}) and shuts it down when the application
 * stops, so no thread outlives an undeployment.
 *
 * <ul>
 *   <li>blocking: up to {@code channels4j.blocking.threads} (default 256) threads, idle ones
 *       retire after 30 s; runs synchronous handlers and {@code runBlocking} work;</li>
 *   <li>events: {@code channels4j.event.threads} (default one per core, at least 2); runs
 *       asynchronous handlers, which must not block.</li>
 * </ul>
 * Both sizes are read through {@link Settings} when a pool is made.
 */
final class Executors {

    private static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private Executors() {
    }

    /** The shared pool for blocking work. */
    static Executor blocking() {
        return Holder.BLOCKING;
    }

    /** The shared pool for non-blocking event handling. */
    static Executor events() {
        return Holder.EVENTS;
    }

    /**
     * A new blocking pool sized by {@code channels4j.blocking.threads}, for a runtime that owns it
     * and shuts it down when its application stops (see {@link ApplicationRuntime}).
     */
    static ThreadPoolExecutor newBlockingPool() {
        return pool("channels4j-blocking", intProperty("channels4j.blocking.threads", 256));
    }

    /** A new event pool sized by {@code channels4j.event.threads}, for a runtime that owns it. */
    static ThreadPoolExecutor newEventPool() {
        return pool("channels4j-events",
                intProperty("channels4j.event.threads", Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    /** Runs {@code work} on {@code executor} and completes the stage with its result or failure. */
    static <T> CompletionStage<T> call(Executor executor, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threadFactory(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory threadFactory(String name) {
        ThreadFactory base = managedThreadFactory();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = base != null ? base.newThread(r) : new Thread(r);
            if (base == null) {
                t.setDaemon(true);
            }
            t.setName(name + "-" + n.incrementAndGet());
            return t;
        };
    }

    private static ThreadFactory managedThreadFactory() {
        try {
            Object found = new InitialContext().lookup(MANAGED_THREAD_FACTORY);
            return found instanceof ThreadFactory factory ? factory : null;
        } catch (NamingException | RuntimeException | LinkageError notInAContainer) {
            return null;
        }
    }

    private static int intProperty(String name, int fallback) {
        return (int) Math.min(Integer.MAX_VALUE, Settings.wholeNumber(name, fallback, 1));
    }

    /** The pools shared by runtimes that own none (the embedded server, the process default). */
    private static final class Holder {
        static final Executor BLOCKING = newBlockingPool();
        static final Executor EVENTS = newEventPool();
    }
}
