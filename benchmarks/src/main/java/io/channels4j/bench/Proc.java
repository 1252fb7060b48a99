package io.channels4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, or the sum over several (a server of two nodes), read
 * from /proc (Linux).
 */
final class Proc {

    /** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final String[] pids;

    private Proc(String... pids) {
        this.pids = pids;
    }

    static Proc self() {
        return new Proc("self");
    }

    /** The process {@code pid}, or null when pid is 0 (not given). */
    static Proc of(int pid) {
        return pid <= 0 ? null : new Proc(Integer.toString(pid));
    }

    /**
     * The processes of {@code pids}, a comma-separated list ({@code "123"} or {@code "123,456"}), or
     * null when it is empty or 0 (not given).
     */
    static Proc of(String pids) {
        if (pids == null || pids.isBlank() || pids.trim().equals("0")) {
            return null;
        }
        String[] list = pids.split(",");
        for (int i = 0; i < list.length; i++) {
            list[i] = list[i].trim();
            if (!list[i].matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException("--server-pid must be process ids separated by commas, got '" + pids + "'");
            }
        }
        return new Proc(list);
    }

    /** User + system CPU seconds used so far, all threads (and reaped children), summed over the processes. */
    double cpuSeconds() {
        double sum = 0;
        for (String pid : pids) {
            sum += cpuSeconds(pid);
        }
        return sum;
    }

    private static double cpuSeconds(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after ")": state(0) ... utime(11) stime(12)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e.getMessage(), e);
        }
    }

    /** Resident set size in KiB (VmRSS of /proc/<pid>/status), summed over the processes. */
    long rssKib() {
        long sum = 0;
        for (String pid : pids) {
            sum += statusKib(pid, "VmRSS:");
        }
        return sum;
    }

    /** Open file descriptors, summed over the processes; -1 when one cannot be read. */
    long openFiles() {
        long sum = 0;
        for (String pid : pids) {
            try (var s = Files.list(Path.of("/proc", pid, "fd"))) {
                sum += s.count();
            } catch (IOException e) {
                return -1;
            }
        }
        return sum;
    }

    private static long statusKib(String pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e.getMessage(), e);
        }
    }
}
