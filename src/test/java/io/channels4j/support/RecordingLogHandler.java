package io.channels4j.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what channels4j logs (its {@code System.Logger} "io.channels4j" is backed by
 * java.util.logging), so a test can check that a failure was reported; while attached, the
 * records are kept off the console, and debug records are recorded too.
 */
public final class RecordingLogHandler extends Handler implements AutoCloseable {

    private final Logger logger;
    private final boolean usedParentHandlers;
    private final java.util.logging.Level level;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private RecordingLogHandler(Logger logger) {
        this.logger = logger;
        this.usedParentHandlers = logger.getUseParentHandlers();
        this.level = logger.getLevel();
    }

    /** Starts recording channels4j's log. */
    public static RecordingLogHandler attach() {
        RecordingLogHandler handler = new RecordingLogHandler(Logger.getLogger("io.channels4j"));
        handler.logger.addHandler(handler);
        handler.logger.setUseParentHandlers(false);
        handler.logger.setLevel(java.util.logging.Level.ALL);   // debug records too: stack traces of client errors
        return handler;
    }

    /** Waits up to 2 s for a record whose message contains {@code text}, and returns it. */
    public LogRecord awaitRecord(String text) {
        return awaitRecord(r -> r.getMessage() != null && r.getMessage().contains(text));
    }

    /** Waits up to 2 s for a record that matches {@code which}, and returns it. */
    public LogRecord awaitRecord(Predicate<LogRecord> which) {
        return await().atMost(Duration.ofSeconds(2)).until(() -> find(which), Optional::isPresent).orElseThrow();
    }

    /** Waits up to 2 s for a record with a stack trace whose message contains {@code text}, and returns it. */
    public LogRecord awaitThrown(String text) {
        return awaitRecord(r -> r.getThrown() != null && r.getMessage() != null && r.getMessage().contains(text));
    }

    /** The records so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    private Optional<LogRecord> find(Predicate<LogRecord> which) {
        return records.stream().filter(which).findFirst();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    /** Stops recording and gives the console its records back. */
    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(usedParentHandlers);
        logger.setLevel(level);
    }
}
