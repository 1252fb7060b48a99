package io.channels4j.examples.chat;

import io.channels4j.layer.ChannelLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The notification centre of the seed: recent events (who joined which room) that every
 * connected page shows in its notifications widget. A consumer records its arrival with
 * {@link #recordJoin}; the pending notifications then go to the {@link #GROUP} with
 * {@code type: "notify"}.
 *
 * <p>Broadcasts are coalesced: the first join in a while is sent at once (by the joining
 * consumer), later joins within {@value #WINDOW_MILLIS} ms go out together in one broadcast at
 * the end of the window. Each broadcast reaches every connected page, so a burst of N joins
 * would otherwise cost N x N frames (20,000 clients connecting: 400 million).
 */
@ApplicationScoped
public class Notifications {

    /** The group every chat page listens on for notifications. */
    public static final String GROUP = "notifications";

    /** At most one broadcast per this many milliseconds, after the first. */
    static final long WINDOW_MILLIS = 500;

    private static final int KEEP = 5;
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    private final Deque<String> recent = new ArrayDeque<>();
    private long lastBroadcast = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
    private boolean trailingScheduled;

    @Inject
    ChannelLayer layer;

    /** Records a notification, keeping the last five. */
    public synchronized void record(String notification) {
        recent.addLast(notification);
        while (recent.size() > KEEP) {
            recent.removeFirst();
        }
    }

    /**
     * Records a join and says who tells the group.
     *
     * @return true when the caller should send {@link #pending()} to {@link #GROUP} now; false
     *     when a broadcast at the end of the current window will carry it
     */
    public synchronized boolean recordJoin(String notification) {
        record(notification);
        if (trailingScheduled) {
            return false;
        }
        long now = System.nanoTime();
        long windowEnd = lastBroadcast + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        if (now - windowEnd >= 0) {
            lastBroadcast = now;
            return true;
        }
        trailingScheduled = true;
        CompletableFuture.delayedExecutor(windowEnd - now, TimeUnit.NANOSECONDS).execute(this::broadcastTrailing);
        return false;
    }

    /** The pending notifications, oldest first. */
    public synchronized List<String> pending() {
        return new ArrayList<>(recent);
    }

    private void broadcastTrailing() {
        List<String> notifications;
        synchronized (this) {
            trailingScheduled = false;
            lastBroadcast = System.nanoTime();
            notifications = new ArrayList<>(recent);
        }
        try {
            layer.groupSend(GROUP, Map.of("type", "notify", "data", notifications)).whenComplete((r, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "could not send the notifications", failure);
                }
            });
        } catch (RuntimeException closed) {
            LOG.log(System.Logger.Level.DEBUG, "notifications not sent: the channel layer is closed", closed);
        }
    }
}
