package io.channels4j.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * N idle connections opened with at most P handshakes in flight (P = N: all at once), spread
 * over rooms; then held, the server's resident memory read, and all closed again. Reports
 * connections per second, failures by cause, and server memory per idle connection.
 */
final class Connect {

    private Connect() {
    }

    static String run(Options o) throws Exception {
        int n = o.integer("connections", 1000);
        int parallel = o.integer("parallel", n);
        int perRoom = o.integer("per-room", 100);
        int sources = o.integer("sources", Math.max(1, (n + 24_999) / 25_000));
        int holdSeconds = o.integer("hold-seconds", 5);
        boolean jvmGc = Boolean.parseBoolean(o.string("jvm-gc", "false"));
        Target target = Target.read(o);
        int pid = o.integer("server-pid", 0); // one JVM, for jcmd
        Proc server = target.server();
        int threads = o.integer("threads", 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.integer("max-seconds", 300));
        o.requireAllUsed();
        Result r = new Result("connect", o);
        LongAdder closedWhileIdle = new LongAdder();
        LongAdder frames = new LongAdder();
        try (Client client = target.client(threads)) {
            Client.Listener listener = new Client.Listener() {
                @Override
                public void onText(Client.Conn conn, CharSequence text) {
                    frames.increment();
                }

                @Override
                public void onClose(Client.Conn conn, int code) {
                    if (conn.tag() == null) {
                        closedWhileIdle.increment();
                    }
                }
            };
            if (jvmGc) {
                gc(pid);
            }
            long rss0 = server == null ? -1 : server.rssKib();
            long fds0 = server == null ? -1 : server.openFiles();
            Map<String, Long> stats0 = ServerStats.fetch(target.statsUrl());
            Meter meter = target.meter();
            meter.start();
            Dialer.Outcome out = Dialer.dial(client, n, i -> target.room("idle" + (i / perRoom)),
                    parallel, sources, listener, deadline);
            int opened = out.opened();
            double seconds = out.elapsedNanos() / 1e9;
            r.put("connections", opened).put("failed", n - opened).put("failures", out.failures())
                    .put("connect_s", seconds).put("connections_per_s", opened / seconds);
            meter.stop(r, "connection", opened);
            // settle until the server has run every connect step (its count says so), then hold idle
            long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (System.nanoTime() < settleUntil && System.nanoTime() < deadline) {
                Long c = ServerStats.fetch(target.statsUrl()).get("connections");
                if (c != null && c - stats0.getOrDefault("connections", 0L) >= opened) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(holdSeconds));
            if (jvmGc) {
                gc(pid);
            }
            if (server != null) {
                long rss = server.rssKib();
                r.put("server_rss_before_kib", rss0).put("server_rss_idle_kib", rss)
                        .put("server_kib_per_connection", opened == 0 ? null : (rss - rss0) / (double) opened)
                        .put("server_fds_before", fds0).put("server_fds_idle", server.openFiles());
            }
            r.put("server_connections_idle", ServerStats.fetch(target.statsUrl()).get("connections"));
            r.put("closed_while_idle", closedWhileIdle.sum()).put("frames_received", frames.sum());
            List<Client.Conn> conns = out.conns();
            for (Client.Conn c : conns) {
                if (c != null) {
                    c.tag(Boolean.TRUE);
                    c.close();
                }
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Long left = null;
            while (System.nanoTime() < until) {
                left = ServerStats.fetch(target.statsUrl()).get("connections");
                if (left == null || left <= stats0.getOrDefault("connections", 0L)) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            r.put("server_connections_after_close", left);
        }
        return r.line();
    }

    /** Asks a JVM server to collect garbage (jcmd GC.run), so its RSS shows live memory. */
    static void gc(int pid) throws Exception {
        if (pid <= 0) {
            return;
        }
        Process p = new ProcessBuilder("jcmd", Integer.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
}
