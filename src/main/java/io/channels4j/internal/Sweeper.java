package io.channels4j.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that runs housekeeping off the hot path (expiring messages and
 * memberships nobody touched) for every layer instance of the process.
 */
public final class Sweeper {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "channels4j-sweeper");
        t.setDaemon(true);
        return t;
    });

    private Sweeper() {
    }

    /** Runs {@code task} every {@code period} until the returned handle is cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        long ms = Math.max(10, period.toMillis());
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.getLogger(Sweeper.class.getName()).log(System.Logger.Level.WARNING,
                        "channels4j housekeeping task failed; it will run again", e);
            }
        };
        return TIMER.scheduleWithFixedDelay(guarded, ms, ms, TimeUnit.MILLISECONDS);
    }
}
