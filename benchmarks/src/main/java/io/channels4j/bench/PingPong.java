package io.channels4j.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One client alone in a room, sequential round trips: send a message, wait for its copy, send
 * the next. Reports round trips per second and their latency.
 */
final class PingPong {

    private PingPong() {
    }

    static String run(Options o) throws Exception {
        int count = o.integer("messages", 20_000);
        int warmup = o.integer("warmup", 5_000);
        int size = o.integer("size", 64);
        Target target = Target.read(o);
        String room = o.string("room", "pingpong");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.integer("max-seconds", 120));
        o.requireAllUsed();
        Result r = new Result("pingpong", o);
        String pad = Payload.pad(size);
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long[] sentAt = new long[1];
        int[] received = new int[1];
        int[] phaseNow = new int[1];
        CompletableFuture<?>[] done = new CompletableFuture<?>[1];
        try (Client client = target.client(1)) {
            Client.Listener listener = new Client.Listener() {
                private final long[] p = new long[3];

                @Override
                public void onText(Client.Conn conn, CharSequence text) {
                    if (!Payload.parse(text, p) || p[0] != phaseNow[0] || p[1] != received[0]) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (p[0] == 1) {
                        h.recordValue((now - sentAt[0]) / 1000);
                    }
                    received[0]++;
                    int total = (int) (p[0] == 0 ? warmup : count);
                    if (received[0] < total) {
                        sentAt[0] = System.nanoTime();
                        conn.send(Payload.frame((int) p[0], received[0], sentAt[0], pad));
                    } else {
                        done[0].complete(null);
                    }
                }

                @Override
                public void onClose(Client.Conn conn, int code) {
                    done[0].completeExceptionally(new IllegalStateException("closed with " + code));
                }
            };
            Client.Conn conn = client.connect(target.room(room), null, listener)
                    .get(30, TimeUnit.SECONDS);
            // the first round trip also proves the consumer has joined its room: retry until it comes back
            for (int phase = 0; phase < 2; phase++) {
                int total = phase == 0 ? Math.max(1, warmup) : count;
                Meter meter = target.meter();
                CompletableFuture<Void> finished = new CompletableFuture<>();
                synchronized (received) {
                    done[0] = finished;
                    received[0] = 0;
                    phaseNow[0] = phase;
                }
                if (phase == 1) {
                    h.reset();
                    meter.start();
                }
                long t0 = System.nanoTime();
                do {
                    sentAt[0] = System.nanoTime();
                    conn.send(Payload.frame(phase, 0, sentAt[0], pad));
                    try {
                        finished.get(phase == 0 ? 200 : Math.max(1, deadline - System.nanoTime()),
                                phase == 0 ? TimeUnit.MILLISECONDS : TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.TimeoutException notYet) {
                        if (phase == 1 || System.nanoTime() > deadline) {
                            return r.put("error", "round trips stopped after " + received[0]).line();
                        }
                    }
                } while (phase == 0 && !finished.isDone());
                if (phase == 1) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    r.put("round_trips", total).put("round_trips_per_s", total / seconds)
                            .put("latency_ms_p50", h.getValueAtPercentile(50) / 1000.0)
                            .put("latency_ms_p99", h.getValueAtPercentile(99) / 1000.0)
                            .put("latency_ms_max", h.getMaxValue() / 1000.0);
                    meter.stop(r, "round_trip", total);
                }
            }
            conn.close();
        }
        return r.line();
    }
}
