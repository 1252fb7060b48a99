package io.channels4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from /proc (Linux). */
final class Proc {

    /** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final String pid;

    private Proc(String pid) {
        this.pid = pid;
    }

    static Proc self() {
        return new Proc("self");
    }

    /** The process {@code pid}, or null when pid is 0 (not given). */
    static Proc of(int pid) {
        return pid <= 0 ? null : new Proc(Integer.toString(pid));
    }

    /** User + system CPU seconds used so far, all threads (and reaped children). */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after ")": state(0) ... utime(11) stime(12)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e.getMessage(), e);
        }
    }

    /** Resident set size in KiB (VmRSS of /proc/<pid>/status). */
    long rssKib() {
        return statusKib("VmRSS:");
    }

    /** Open file descriptors. */
    long openFiles() {
        try (var s = Files.list(Path.of("/proc", pid, "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private long statusKib(String key) {
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
