package io.channels4j.bench.raw;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw baseline: the chat protocol written straight on Jakarta WebSocket, without channels4j.
 * It keeps its own room map and, for each message, encodes the reply once and writes it to every
 * session of the room with the container's async send: the least work the container allows.
 */
@ServerEndpoint("/ws/chat/{room_name}/")
public class RawChatEndpoint {

    static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();
    static final LongAdder CONNECTIONS = new LongAdder();
    static final LongAdder MESSAGES_IN = new LongAdder();
    static final LongAdder MESSAGES_OUT = new LongAdder();
    static final LongAdder DROPPED = new LongAdder();

    private static final SendHandler COUNT = result -> {
        if (result.isOK()) {
            MESSAGES_OUT.increment();
        } else {
            DROPPED.increment();
        }
    };

    private String room;

    @OnOpen
    public void open(Session session, @PathParam("room_name") String roomName) {
        // As channels4j does on Tyrus: 0 ("never") still schedules a timer task per frame, -1 does not.
        session.setMaxIdleTimeout(-1);
        room = roomName;
        ROOMS.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
        CONNECTIONS.increment();
    }

    @OnMessage
    public void message(Session session, String text) {
        MESSAGES_IN.increment();
        JsonValue message;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            message = value instanceof JsonObject o ? o.get("message") : null;
        } catch (RuntimeException invalid) {
            return;
        }
        if (!(message instanceof JsonString)) {
            return;
        }
        String out = Json.createObjectBuilder().add("message", message).build().toString();
        Set<Session> members = ROOMS.get(room);
        if (members == null) {
            return;
        }
        for (Session member : members) {
            try {
                member.getAsyncRemote().sendText(out, COUNT);
            } catch (RuntimeException closed) {
                DROPPED.increment();
            }
        }
    }

    @OnClose
    public void close(Session session) {
        ROOMS.computeIfPresent(room, (r, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members;
        });
        CONNECTIONS.decrement();
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // the container closes the session; close() above forgets it
    }

    /** The counters, in the shape of channels4j's /stats. */
    static String statsJson() {
        int sessions = ROOMS.values().stream().mapToInt(Set::size).sum();
        return "{\"connections\":" + CONNECTIONS.sum() + ",\"groups\":" + ROOMS.size() + ",\"channels\":" + sessions
                + ",\"messagesIn\":" + MESSAGES_IN.sum() + ",\"messagesOut\":" + MESSAGES_OUT.sum()
                + ",\"dropped\":" + DROPPED.sum() + "}";
    }
}
