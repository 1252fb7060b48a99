package io.channels4j.layer;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that runs channel-layer housekeeping off the hot path (expiring messages
 * and memberships nobody touched) for every layer instance of the process (of the application, in
 * a server); a third-party layer schedules its own housekeeping here too. The thread exists only
 * while some task is scheduled: cancelled tasks leave the queue at once, and an idle thread ends
 * after {@value #IDLE_SECONDS} s, so closing the last layer (as an undeployment does) leaves no
 * thread behind; the next task starts a new one.
 */
public final class Sweeper {

    static final int IDLE_SECONDS = 5;

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Sweeper() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "channels4j-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /** Runs {@code task} every {@code period} until the returned handle is cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        long ms = Math.max(10, period.toMillis());
        return TIMER.scheduleWithFixedDelay(guarded(task, "it will run again"), ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} once after {@code delay}, unless the returned handle is cancelled first (a
     * cancelled task leaves the queue at once). The task must be short: it shares the one thread.
     */
    public static ScheduledFuture<?> once(Duration delay, Runnable task) {
        return TIMER.schedule(guarded(task, "it will not run again"), Math.max(0, delay.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(Runnable task, String after) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.getLogger(Sweeper.class.getName()).log(System.Logger.Level.WARNING,
                        "channels4j housekeeping task failed; " + after, e);
            }
        };
    }
}
