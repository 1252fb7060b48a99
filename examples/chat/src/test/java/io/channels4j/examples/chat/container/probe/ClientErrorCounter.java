package io.channels4j.examples.chat.container.probe;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts what channels4j logs about client errors in this server, from deployment to undeployment:
 * the lines about invalid frames, the notices that further lines are suppressed, and the records
 * at INFO or above that carry a stack trace. Served by {@link ProbeServlet} at {@code /probe/client-errors}.
 */
@WebListener
public class ClientErrorCounter implements ServletContextListener {

    static final AtomicInteger LINES = new AtomicInteger();
    static final AtomicInteger NOTICES = new AtomicInteger();
    static final AtomicInteger TRACES = new AtomicInteger();

    private static final Logger CHANNELS4J = Logger.getLogger("io.channels4j");

    private final Handler counter = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            if (message.contains("invalid frame, closing with")) {
                LINES.incrementAndGet();
            }
            if (message.contains("suppressing further lines")) {
                NOTICES.incrementAndGet();
            }
            if (record.getThrown() != null && record.getLevel().intValue() >= Level.INFO.intValue()) {
                TRACES.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void contextInitialized(ServletContextEvent event) {
        CHANNELS4J.addHandler(counter);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        CHANNELS4J.removeHandler(counter);
    }

    static String report() {
        return "lines=" + LINES.get() + " notices=" + NOTICES.get() + " traces=" + TRACES.get();
    }
}
