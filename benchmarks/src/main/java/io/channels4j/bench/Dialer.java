package io.channels4j.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Opens many connections with at most {@code parallel} handshakes in flight, spreading them over
 * source addresses 127.0.0.1, 127.0.0.2, ... ({@code sources} of them), since one source address
 * reaches one server port from at most ~28k ephemeral ports. Failures are counted by cause.
 */
final class Dialer {

    /** Words of a failure's message, in the order they are looked for, and the short name of each. */
    private static final List<Map.Entry<String, String>> KNOWN_CAUSES = List.of(
            Map.entry("Too many open files", "too many open files"),
            Map.entry("refused", "connection refused"),
            Map.entry("reset", "connection reset"),
            Map.entry("Cannot assign requested address", "no free source port"));

    /** Connections that opened (null where one failed) and failures by cause. */
    record Outcome(List<Client.Conn> conns, Map<String, Integer> failures, long elapsedNanos) {
        int opened() {
            return (int) conns.stream().filter(c -> c != null).count();
        }
    }

    private Dialer() {
    }

    static Outcome dial(Client client, int count, IntFunction<URI> uriOf, int parallel, int sources,
                        Client.Listener listener, long deadlineNanos) throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<Client.Conn>> pending = new ArrayList<>(count);
        Map<String, Integer> failures = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!slots.tryAcquire(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                synchronized (failures) {
                    failures.merge("generator deadline", count - i, Integer::sum);
                }
                break;
            }
            InetSocketAddress local = sources <= 1 ? null : new InetSocketAddress("127.0.0." + (1 + i % sources), 0);
            CompletableFuture<Client.Conn> f;
            try {
                f = client.connect(uriOf.apply(i), local, listener);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((c, t) -> {
                slots.release();
                if (t != null) {
                    synchronized (failures) {
                        failures.merge(cause(t), 1, Integer::sum);
                    }
                }
            });
            pending.add(f);
        }
        List<Client.Conn> conns = new ArrayList<>(count);
        for (CompletableFuture<Client.Conn> f : pending) {
            try {
                conns.add(f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                conns.add(null);
            } catch (java.util.concurrent.TimeoutException e) {
                conns.add(null);
                synchronized (failures) {
                    failures.merge("generator deadline", 1, Integer::sum);
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        synchronized (failures) {
            return new Outcome(conns, new TreeMap<>(failures), elapsed);
        }
    }

    /** A short name for why a connection failed. */
    static String cause(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        for (Map.Entry<String, String> known : KNOWN_CAUSES) {
            if (m.contains(known.getKey())) {
                return known.getValue();
            }
        }
        if (t instanceof java.util.concurrent.TimeoutException || m.contains("timed out")) {
            return "timeout";
        }
        if (m.contains("Invalid handshake response") || m.contains("status")) {
            return "handshake refused: " + m.replaceAll(".*(status:?\\s*\\d+).*", "$1");
        }
        return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + (m.length() > 60 ? m.substring(0, 60) : m));
    }
}
