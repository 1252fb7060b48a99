package io.channels4j.examples.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat user who keeps talking: sends {@code "<name>:<n>"}, then waits until the room echoes it
 * back or the server answers with an error frame (not delivered), then sends the next. Paced by
 * the round trip alone. Records what failed, what neither came back nor failed within
 * {@link #RESOLVE_WITHIN} (unresolved), and every chat message it received meanwhile.
 */
final class EchoSender implements Runnable {

    static final Duration RESOLVE_WITHIN = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(50);

    final String name;
    final Client client;
    /** The number of the next message. */
    final AtomicInteger next = new AtomicInteger();
    /** Messages whose echo came back. */
    final AtomicInteger echoed = new AtomicInteger();
    final Set<Integer> failed = ConcurrentHashMap.newKeySet();
    final Set<Integer> unresolved = ConcurrentHashMap.newKeySet();
    /** The chat messages this client received, in arrival order. */
    final List<RoomTraffic.Numbered> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable crashed;

    EchoSender(String name, Client client) {
        this.name = name;
        this.client = client;
        this.thread = new Thread(this, "echo-sender-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops after the message in flight is resolved; waits for that (bounded). */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join(RESOLVE_WITHIN.plusSeconds(5).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("sender " + name + " did not stop");
        }
        if (crashed != null) {
            throw new AssertionError("sender " + name + " failed", crashed);
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                int n = next.getAndIncrement();
                client.send("{\"message\": \"" + name + ":" + n + "\"}");
                resolve(n);
            }
        } catch (Throwable t) {
            crashed = t;
        }
    }

    private void resolve(int n) {
        long deadline = System.nanoTime() + RESOLVE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.pollError() != null) {
                failed.add(n);
                return;
            }
            String frame = client.pollMessage(POLL);
            if (frame != null) {
                RoomTraffic.Numbered m = RoomTraffic.parse(frame);
                received.add(m);
                if (m.sender().equals(name) && m.n() == n) {
                    echoed.incrementAndGet();
                    return;
                }
            }
        }
        unresolved.add(n);
    }

    /** The numbers sent: 0 .. next - 1 once stopped. */
    int sent() {
        return next.get();
    }

    /** {@code received} by sender. */
    static Map<String, List<Integer>> bySender(List<RoomTraffic.Numbered> messages) {
        Map<String, List<Integer>> by = new java.util.LinkedHashMap<>();
        for (RoomTraffic.Numbered m : messages) {
            by.computeIfAbsent(m.sender(), s -> new ArrayList<>()).add(m.n());
        }
        return by;
    }
}
