package io.channels4j.bench.quarkus;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * The Django Channels tutorial chat on WebSockets Next: every text frame {@code {"message": s}}
 * goes back as {@code {"message": s}} to every connection of the sender's room, the sender too.
 * Every callback is non-blocking, so it runs on the connection's event loop; the reply is encoded
 * once per message and written to each member without waiting.
 */
@WebSocket(path = "/ws/chat/{room_name}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class ChatSocket {

    @Inject
    Rooms rooms;

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection, @PathParam("room_name") String room) {
        rooms.join(room, connection);
    }

    @OnTextMessage
    @NonBlocking
    void message(WebSocketConnection connection, @PathParam("room_name") String room, String text) {
        rooms.received();
        Object message;
        try {
            message = new JsonObject(text).getValue("message");
        } catch (DecodeException | ClassCastException notAnObject) {
            return;
        }
        if (message instanceof String s) {
            rooms.broadcast(room, new JsonObject().put("message", s).encode());
        }
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection, @PathParam("room_name") String room) {
        rooms.leave(room, connection);
    }
}
