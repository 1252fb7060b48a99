package io.channels4j.examples.chat;

import io.channels4j.layer.ChannelLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The notification centre of the seed, one per room: recent events of a room (someone joined it)
 * that the notifications widget of that room's pages shows. A room consumer records its arrival
 * with {@link #recordJoin}; the room's pending notifications then go to the room's notifications
 * group ({@code ChannelNames.group("notifications", room)}) with {@code type: "notify"}, which
 * only the {@link NotificationsConsumer notifications sockets} of that room join. A reader therefore hears
 * only of the rooms it opened; the room sockets never carry notifications.
 *
 * <p>Broadcasts are coalesced per room: the first join in a while is sent at once (by the joining
 * consumer), later joins within {@value #WINDOW_MILLIS} ms go out together in one broadcast at
 * the end of the window. Each broadcast reaches every reader of the room, so a burst of N joins
 * would otherwise cost N x N frames. At most {@value #MAX_ROOMS} rooms are remembered (the least
 * recently joined are forgotten first); the state lives in this process, guarded by its monitor.
 */
@ApplicationScoped
public class Notifications {

    /** At most one broadcast per room per this many milliseconds, after the first. */
    static final long WINDOW_MILLIS = 500;
    /** How many rooms are remembered. */
    static final int MAX_ROOMS = 10_000;

    private static final int KEEP = 5;
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    private final Map<String, Room> rooms = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Room> eldest) {
            return size() > MAX_ROOMS;
        }
    };

    @Inject
    ChannelLayer layer;

    /** What this process remembers of one room. */
    private static final class Room {
        final String name;
        final Deque<String> recent = new ArrayDeque<>();
        long lastBroadcast = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        boolean trailingScheduled;

        Room(String name) {
            this.name = name;
        }
    }

    /**
     * Records that someone joined {@code room} (a name the chat accepted) and says who tells the
     * room's readers.
     *
     * @return true when the caller should send {@link #pending(String)} to the room's
     *     notifications group now; false when a broadcast at the end of the room's current window will carry it
     */
    public synchronized boolean recordJoin(String room) {
        Room state = rooms.computeIfAbsent(room, Room::new);
        state.recent.addLast("someone joined " + room);
        while (state.recent.size() > KEEP) {
            state.recent.removeFirst();
        }
        if (state.trailingScheduled) {
            return false;
        }
        long now = System.nanoTime();
        long windowEnd = state.lastBroadcast + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        if (now - windowEnd >= 0) {
            state.lastBroadcast = now;
            return true;
        }
        state.trailingScheduled = true;
        CompletableFuture.delayedExecutor(windowEnd - now, TimeUnit.NANOSECONDS)
                .execute(() -> broadcastTrailing(state));
        return false;
    }

    /** The last five notifications of {@code room}, oldest first (empty for a room nobody joined). */
    public synchronized List<String> pending(String room) {
        Room state = rooms.get(room);
        return state == null ? List.of() : new ArrayList<>(state.recent);
    }

    private void broadcastTrailing(Room state) {
        List<String> notifications;
        synchronized (this) {
            state.trailingScheduled = false;
            state.lastBroadcast = System.nanoTime();
            notifications = new ArrayList<>(state.recent);
        }
        try {
            String group = ChatProtocol.notificationsGroupFor(state.name);
            layer.groupSend(group, Map.of("type", "notify", "data", notifications)).whenComplete((r, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "could not send the notifications", failure);
                }
            });
        } catch (RuntimeException closed) {
            LOG.log(System.Logger.Level.DEBUG, "notifications not sent: the channel layer is closed", closed);
        }
    }
}
