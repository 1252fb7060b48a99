package io.channels4j.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The notification centre of the seed: recent events (who joined which room) that every
 * connected page shows in its notifications widget. A consumer records its arrival, then sends
 * the pending notifications to the {@link #GROUP} with {@code type: "notify"}.
 */
@ApplicationScoped
public class Notifications {

    /** The group every chat page listens on for notifications. */
    public static final String GROUP = "notifications";

    private static final int KEEP = 5;

    private final Deque<String> recent = new ArrayDeque<>();

    /** Records a notification, keeping the last five. */
    public synchronized void record(String notification) {
        recent.addLast(notification);
        while (recent.size() > KEEP) {
            recent.removeFirst();
        }
    }

    /** The pending notifications, oldest first. */
    public synchronized List<String> pending() {
        return new ArrayList<>(recent);
    }
}
