package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Consumers that join groups (so their connect step follows Redis round trips) on the Redis layer:
 * {@code connect()} runs on the consumer's own pool, never on a Lettuce I/O thread, so a sync
 * consumer that calls the layer in {@code connect()} is not stuck waiting for a reply that its
 * own thread should read (it was, until the command timeout, then closed with 1011).
 */
class ConsumerThreadsOnRedisIT {

    private static final Duration QUICKLY = Duration.ofSeconds(1);

    private final String prefix = RedisTestSupport.uniquePrefix();
    private final RedisChannelLayer layer;
    private final EmbeddedServer server;

    ConsumerThreadsOnRedisIT() {
        RedisTestSupport.requireSharedRedis();
        layer = new RedisChannelLayer(RedisLayerSettings.builder().hosts(RedisTestSupport.SHARED).prefix(prefix).build());
        server = EmbeddedServer.builder().cdi(false).endpoint(SyncRoom.class, AsyncRoom.class).channelLayer(layer)
                .build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        layer.close();
        RedisTestSupport.deleteKeys(RedisTestSupport.SHARED, prefix);
    }

    /** Joins "lobby" by {@code groups()}, then its room in {@code connect()}, and greets the room. */
    @ServerEndpoint(value = "/sync/{room}/", configurator = ConsumerConfigurator.class)
    public static class SyncRoom extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("lobby");
        }

        @Override
        protected void connect() {
            String room = scope().urlRoute().kwargs().get("room");
            groupAdd(room);
            accept();
            groupSend(room, Map.of("type", "hello", "thread", Thread.currentThread().getName()));
        }

        void hello(Map<String, Object> event) {
            sendJson(Map.of("connectRanOn", event.get("thread")));
        }
    }

    /** The asynchronous twin of {@link SyncRoom}. */
    @ServerEndpoint(value = "/async/{room}/", configurator = ConsumerConfigurator.class)
    public static class AsyncRoom extends AsyncJsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("lobby");
        }

        @Override
        protected CompletionStage<Void> connect() {
            String room = scope().urlRoute().kwargs().get("room");
            String thread = Thread.currentThread().getName();
            return groupAdd(room).thenCompose(v -> accept())
                    .thenCompose(v -> groupSend(room, Map.of("type", "hello", "thread", thread)))
                    .thenApply(sent -> null);
        }

        CompletionStage<Void> hello(Map<String, Object> event) {
            return sendJson(Map.of("connectRanOn", event.get("thread")));
        }
    }

    @ParameterizedTest(name = "{0}: connect runs on {1}")
    @CsvSource({
        // a sync consumer that calls the layer in connect() after joining groups is accepted at once
        "sync, channels4j-blocking",
        // an async consumer's connect() runs on the event pool, not on a Redis thread
        "async, channels4j-event"})
    void connectRunsOnTheConsumersOwnPoolAndTheClientIsAnsweredAtOnce(String kind, String pool) {
        for (int i = 0; i < 3; i++) {
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve(kind + "/room" + i + "/"))) {
                assertThat(client.receiveText(QUICKLY)).startsWith("{\"connectRanOn\":\"" + pool);
            }
        }
    }
}
