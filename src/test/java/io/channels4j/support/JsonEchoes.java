package io.channels4j.support;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.JsonWebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** JSON consumers that answer every decoded frame with {@code {"echo": <the frame>}}, for tests of what reaches them. */
public final class JsonEchoes {

    private JsonEchoes() {
    }

    /** Echoes on the connection's thread. */
    @ServerEndpoint("/ws/echo/sync/")
    public static class Sync extends JsonWebsocketConsumer {
        @Override
        protected void receiveJson(Object content) {
            sendJson(Map.of("echo", content));
        }
    }

    /** The asynchronous twin of {@link Sync}. */
    @ServerEndpoint("/ws/echo/async/")
    public static class Async extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            return sendJson(Map.of("echo", content));
        }
    }
}
