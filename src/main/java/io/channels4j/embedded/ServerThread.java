package io.channels4j.embedded;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker thread of one embedded server. Tyrus asks for endpoint instances on these threads,
 * which is how {@link CdiComponentProvider} knows which server (and so which CDI container) a new
 * connection belongs to.
 */
final class ServerThread extends Thread {

    private final EndpointFactory factory;

    private ServerThread(Runnable task, String name, EndpointFactory factory) {
        super(task, name);
        this.factory = factory;
        setDaemon(true);
    }

    EndpointFactory factory() {
        return factory;
    }

    /** A factory of worker threads bound to {@code factory}. */
    static ThreadFactory factory(String prefix, EndpointFactory factory) {
        AtomicInteger n = new AtomicInteger();
        return task -> new ServerThread(task, prefix + "-" + n.incrementAndGet(), factory);
    }
}
