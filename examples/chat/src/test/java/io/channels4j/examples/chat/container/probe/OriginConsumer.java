package io.channels4j.examples.chat.container.probe;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Open only to pages from {@code https://chat.example.com}; counts its instances. */
@ServerEndpoint(value = "/ws/origin/", configurator = OriginConsumer.ChatOrigins.class)
public class OriginConsumer extends WebsocketConsumer {

    /** Instances created (constructor runs), to show a refused handshake creates none. */
    static final AtomicInteger CREATED = new AtomicInteger();

    /** This endpoint's allowed origins. */
    public static class ChatOrigins extends ConsumerConfigurator {
        @Override
        protected List<String> allowedOrigins() {
            return List.of("https://chat.example.com");
        }
    }

    public OriginConsumer() {
        CREATED.incrementAndGet();
    }

    @Override
    protected void connect() {
        accept();
        send("welcome");
    }
}
