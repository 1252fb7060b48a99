package io.channels4j.internal;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The log of what clients cause: invalid frames, oversize messages, handler failures on a frame.
 * Any client can cause these at will, so each is one line at the level an operator chooses
 * ({@value #LEVEL}, default INFO), the stack trace only at DEBUG, and the lines are rate-limited:
 * at most {@value #PER_CONNECTION} lines a minute for one connection and {@value #PER_MINUTE} a
 * minute in all (an attacker opens many connections). Past a limit one line says that further
 * lines are suppressed; the first line of the next minute says how many were.
 *
 * <p>Owned by the {@link ErrorPolicy} of one runtime; each connection owns its {@link Window}.
 * Lock-free and never waiting; a line counted as a window turns over may land in either window.
 */
final class ClientErrorLog {

    /** The setting of the level of client-error lines (a {@link Level} name; OFF silences them). */
    static final String LEVEL = "channels4j.client-errors.log-level";
    /** The setting of the most lines a minute for one connection. */
    static final String PER_CONNECTION = "channels4j.client-errors.max-lines-per-connection";
    /** The setting of the most lines a minute in all. */
    static final String PER_MINUTE = "channels4j.client-errors.max-lines-per-minute";

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Level level;
    private final int perConnection;
    private final Window global;
    private final LongSupplier clock;

    ClientErrorLog(Level level, int perConnection, int perMinute, LongSupplier clock) {
        this.level = level;
        this.perConnection = perConnection;
        this.clock = clock;
        this.global = new Window(perMinute, clock);
    }

    /**
     * The log configured by {@value #LEVEL}, {@value #PER_CONNECTION} (default 10) and
     * {@value #PER_MINUTE} (default 100).
     *
     * @throws IllegalArgumentException naming the setting with a bad value
     */
    static ClientErrorLog fromSettings() {
        return new ClientErrorLog(level(Settings.property(LEVEL).orElse("")),
                Settings.count(PER_CONNECTION, 10, 1),
                Settings.count(PER_MINUTE, 100, 1), System::nanoTime);
    }

    /** A new window for one connection's lines. */
    Window connectionWindow() {
        return new Window(perConnection, clock);
    }

    /**
     * Logs one line about {@code who}, unless a limit is reached; {@code failure}'s stack trace goes
     * to DEBUG only.
     *
     * @param window the connection's window, or null to count the line only against the global limit
     */
    void log(Window window, String who, String line, Throwable failure) {
        if (level == Level.OFF) {
            return;
        }
        if (window != null && !window.admit(() -> LOG.log(level, () -> who + ": more than " + perConnection
                + " client errors this minute on this connection; suppressing its further lines (" + PER_CONNECTION
                + ")"), null)) {
            return;
        }
        if (!global.admit(() -> LOG.log(level, () -> "more than " + global.limit + " client errors this minute;"
                + " suppressing further lines for the rest of the minute (" + PER_MINUTE + ")"),
                suppressed -> LOG.log(level, () -> suppressed + " client-error lines were suppressed in the last"
                        + " minute (" + PER_MINUTE + ")"))) {
            return;
        }
        LOG.log(level, () -> who + ": " + line);
        if (failure != null) {
            LOG.log(Level.DEBUG, () -> who + ": the client error's failure", failure);
        }
    }

    private static Level level(String name) {
        if (name.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("setting " + LEVEL + " must be one of OFF, ERROR, WARNING, INFO,"
                    + " DEBUG, TRACE, got '" + name + "'", unknown);
        }
    }

    /**
     * Counts lines in fixed one-minute windows: the first {@code limit} of a window pass, the
     * next one is replaced by a notice, the rest are counted as suppressed.
     */
    static final class Window {
        private final int limit;
        private final LongSupplier clock;
        /** The start of the current window (nanos), and the lines counted in it. */
        private final AtomicLong start;
        private final AtomicLong counted = new AtomicLong();

        Window(int limit, LongSupplier clock) {
            this.limit = limit;
            this.clock = clock;
            this.start = new AtomicLong(clock.getAsLong());
        }

        /**
         * Whether one more line may be logged now; runs {@code notice} for the first line over the
         * limit, and {@code summary} with the count suppressed in the window before, when one starts.
         */
        boolean admit(Runnable notice, LongConsumer summary) {
            long now = clock.getAsLong();
            long begun = start.get();
            if (now - begun >= MINUTE_NANOS && start.compareAndSet(begun, now)) {
                long over = counted.getAndSet(0) - limit - 1;
                if (over > 0 && summary != null) {
                    summary.accept(over);
                }
            }
            long n = counted.incrementAndGet();
            if (n <= limit) {
                return true;
            }
            if (n == limit + 1L) {
                notice.run();
            }
            return false;
        }
    }
}
