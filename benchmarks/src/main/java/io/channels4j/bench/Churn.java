package io.channels4j.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Connect, join, send one message and see it come back, disconnect; M times, P at a time. Then
 * the server must hold no connections, groups or channels (read from its stats endpoint).
 */
final class Churn {

    private Churn() {
    }

    static String run(Options o) throws Exception {
        int iterations = o.integer("iterations", 1000);
        int parallel = o.integer("parallel", 20);
        int roomsCount = o.integer("rooms", 10);
        Target target = Target.read(o);
        int settleSeconds = o.integer("settle-seconds", 75);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.integer("max-seconds", 300));
        o.requireAllUsed();
        Result r = new Result("churn", o);
        Map<String, Integer> failures = new TreeMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch workers = new CountDownLatch(parallel);
        try (Client client = target.client(1)) {
            Meter meter = target.meter();
            meter.start();
            long t0 = System.nanoTime();
            for (int w = 0; w < parallel; w++) {
                Thread t = new Thread(() -> {
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < iterations && System.nanoTime() < deadline) {
                            String cause = once(client, target.room("churn" + (i % roomsCount)), i);
                            if (cause == null) {
                                completed.incrementAndGet();
                            } else {
                                synchronized (failures) {
                                    failures.merge(cause, 1, Integer::sum);
                                }
                            }
                        }
                    } finally {
                        workers.countDown();
                    }
                }, "churn-" + w);
                t.setDaemon(true);
                t.start();
            }
            workers.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            r.put("completed", completed.get()).put("failures", new TreeMap<>(failures))
                    .put("iterations_per_s", completed.get() / seconds);
            meter.stop(r, "iteration", completed.get());
            // The server must forget everything: connections, groups, channels back to zero.
            // Messages sent to a channel just before its consumer left stay queued until they
            // expire (60 s in both channels4j and Django), hence the default wait of 75 s.
            Map<String, Long> after = Map.of();
            Map<String, Long> first = ServerStats.fetch(target.statsUrl());
            long settleStart = System.nanoTime();
            long until = settleStart + TimeUnit.SECONDS.toNanos(settleSeconds);
            while (System.nanoTime() < until) {
                after = ServerStats.fetch(target.statsUrl());
                if (after.getOrDefault("connections", 0L) == 0 && after.getOrDefault("groups", 0L) == 0
                        && after.getOrDefault("channels", 0L) == 0) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            r.put("at_end_connections", first.get("connections")).put("at_end_groups", first.get("groups"))
                    .put("at_end_channels", first.get("channels"))
                    .put("settle_s", (System.nanoTime() - settleStart) / 1e9);
            r.put("after_connections", after.get("connections")).put("after_groups", after.get("groups"))
                    .put("after_channels", after.get("channels"))
                    .put("leak_free", after.containsKey("groups") ? after.getOrDefault("connections", 0L) == 0
                            && after.get("groups") == 0 && after.getOrDefault("channels", 0L) == 0 : null);
        }
        return r.line();
    }

    /** One connect-join-send-disconnect; null when it all worked, else why not. */
    private static String once(Client client, URI uri, int i) {
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        long[] p = new long[3];
        Client.Listener listener = new Client.Listener() {
            @Override
            public void onText(Client.Conn conn, CharSequence text) {
                if (Payload.parse(text, p) && p[0] == i) {
                    echoed.complete(null);
                }
            }

            @Override
            public void onClose(Client.Conn conn, int code) {
                closed.complete(null);
            }
        };
        Client.Conn conn;
        try {
            conn = client.connect(uri, null, listener).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "connect: " + Dialer.cause(e);
        }
        try {
            // the consumer joins its room during connect; resend until the copy comes back
            for (int attempt = 0; attempt < 50 && !echoed.isDone(); attempt++) {
                conn.send(Payload.frame(i, attempt, System.nanoTime(), ""));
                try {
                    echoed.get(200, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // send again
                }
            }
            if (!echoed.isDone()) {
                return "no echo within 10 s";
            }
        } catch (Exception e) {
            return "send: " + Dialer.cause(e);
        } finally {
            conn.close();
        }
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "close: " + Dialer.cause(e);
        }
        return null;
    }
}
