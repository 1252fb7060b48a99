package io.channels4j.bench.quarkus;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The rooms: room name -> its open connections, a room removed with its last member, and the
 * counters that {@code GET /stats} reports.
 */
@Singleton
public class Rooms {

    private final Map<String, Set<WebSocketConnection>> rooms = new ConcurrentHashMap<>();
    private final LongAdder connections = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    // one pair of callbacks for every send, allocated once
    private final Consumer<Void> sent = ignored -> messagesOut.increment();
    private final Consumer<Throwable> failed = ignored -> dropped.increment();

    void join(String room, WebSocketConnection connection) {
        // compute, not computeIfAbsent + add: a concurrent leave() cannot drop the set in between
        rooms.compute(room, (name, members) -> {
            Set<WebSocketConnection> set = members != null ? members : ConcurrentHashMap.newKeySet();
            set.add(connection);
            return set;
        });
        connections.increment();
    }

    void leave(String room, WebSocketConnection connection) {
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(connection);
            return members.isEmpty() ? null : members;
        });
        connections.decrement();
    }

    void received() {
        messagesIn.increment();
    }

    /** Writes the already encoded frame to every member of the room, without waiting for any write. */
    void broadcast(String room, String frame) {
        Set<WebSocketConnection> members = rooms.get(room);
        if (members == null) {
            return;
        }
        for (WebSocketConnection member : members) {
            Uni<Void> send;
            try {
                send = member.sendText(frame);
            } catch (RuntimeException closed) {
                dropped.increment();
                continue;
            }
            send.subscribe().with(sent, failed);
        }
    }

    /** The counters, in the shape of channels4j's /stats. */
    String statsJson() {
        int groups = 0;
        int channels = 0;
        for (Set<WebSocketConnection> members : rooms.values()) {
            groups++;
            channels += members.size();
        }
        return "{\"connections\":" + connections.sum() + ",\"groups\":" + groups + ",\"channels\":" + channels
                + ",\"messagesIn\":" + messagesIn.sum() + ",\"messagesOut\":" + messagesOut.sum()
                + ",\"dropped\":" + dropped.sum() + "}";
    }
}
