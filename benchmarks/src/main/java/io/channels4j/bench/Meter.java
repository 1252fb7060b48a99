package io.channels4j.bench;

import java.util.Map;

/**
 * CPU of the server and of the generator over one measured window, and the server's counters.
 * Read it this way: {@code server_cpu_pct} near 100 means the server's one core was saturated
 * (the figure is the server's limit); {@code client_cpu_pct} near 100 means the generator was
 * the bottleneck and the figure says nothing about the server.
 */
final class Meter {

    private final Proc server;
    private final Proc self = Proc.self();
    private final String statsUrl;
    private long startNanos;
    private double serverCpu0;
    private double selfCpu0;
    private Map<String, Long> stats0;

    Meter(Proc server, String statsUrl) {
        this.server = server;
        this.statsUrl = statsUrl;
    }

    void start() {
        stats0 = ServerStats.fetch(statsUrl);
        startNanos = System.nanoTime();
        serverCpu0 = server == null ? 0 : server.cpuSeconds();
        selfCpu0 = self.cpuSeconds();
    }

    /**
     * Ends the window and adds to {@code r}: wall time, CPU seconds and percent of one core for
     * both sides, CPU microseconds per {@code unit} ({@code units} of them), and the server's
     * counter deltas as {@code server_<name>}.
     */
    void stop(Result r, String unit, long units) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double clientCpu = self.cpuSeconds() - selfCpu0;
        r.put("window_s", wall);
        r.put("client_cpu_s", clientCpu).put("client_cpu_pct", 100 * clientCpu / wall);
        r.put("client_cpu_us_per_" + unit, units == 0 ? null : 1e6 * clientCpu / units);
        if (server != null) {
            double serverCpu = server.cpuSeconds() - serverCpu0;
            r.put("server_cpu_s", serverCpu).put("server_cpu_pct", 100 * serverCpu / wall);
            r.put("server_cpu_us_per_" + unit, units == 0 ? null : 1e6 * serverCpu / units);
            r.put("server_rss_kib", server.rssKib());
        }
        Map<String, Long> d = ServerStats.delta(stats0, ServerStats.fetch(statsUrl));
        d.forEach((k, v) -> r.put("server_" + k, v));
    }
}
