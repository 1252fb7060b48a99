package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerListener;
import io.channels4j.layer.LayerStats;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Consumers hear {@code layer.down} / {@code layer.up} when they ask for them, and only then. */
class LayerStatusEventsTest {

    /** An in-memory layer whose store the test can "lose" and "get back": only the listeners are fake. */
    static final class FakeOutageLayer implements ChannelLayer {
        final InMemoryChannelLayer memory = new InMemoryChannelLayer();
        final CopyOnWriteArrayList<LayerListener> listeners = new CopyOnWriteArrayList<>();

        void goDown() {
            listeners.forEach(l -> l.layerDown(new ChannelLayerException("Redis at redis://x:1 is unreachable")));
        }

        void comeBack(long lost) {
            listeners.forEach(l -> l.layerUp(lost));
        }

        @Override
        public LayerListener.Registration addListener(LayerListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public CompletionStage<String> newChannel(String prefix) {
            return memory.newChannel(prefix);
        }

        @Override
        public CompletionStage<Void> send(String channel, Map<String, ?> message) {
            return memory.send(channel, message);
        }

        @Override
        public CompletionStage<Map<String, Object>> receive(String channel) {
            return memory.receive(channel);
        }

        @Override
        public CompletionStage<Void> groupAdd(String group, String channel) {
            return memory.groupAdd(group, channel);
        }

        @Override
        public CompletionStage<Void> groupDiscard(String group, String channel) {
            return memory.groupDiscard(group, channel);
        }

        @Override
        public CompletionStage<Void> releaseChannel(String channel) {
            return memory.releaseChannel(channel);
        }

        @Override
        public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message, Set<String> except) {
            return memory.groupSend(group, message, except);
        }

        @Override
        public CompletionStage<Set<String>> groupMembers(String group) {
            return memory.groupMembers(group);
        }

        @Override
        public CompletionStage<Void> flush() {
            return memory.flush();
        }

        @Override
        public LayerStats stats() {
            return memory.stats();
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    @ServerEndpoint("/ws/aware/")
    public static class AwareConsumer extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> connect() {
            return groupAdd("room").thenCompose(v -> accept());
        }

        CompletionStage<Void> layer_down(Map<String, Object> event) {
            return sendJson(Map.of("status", "reconnecting"));
        }

        CompletionStage<Void> layer_up(Map<String, Object> event) {
            return sendJson(Map.of("status", "back", "lost", event.get("lost")));
        }

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            return sendJson(Map.of("message", event.get("message")));
        }
    }

    @ServerEndpoint("/ws/upOnly/")
    public static class UpOnlyConsumer extends JsonWebsocketConsumer {
        void layer_up(Map<String, Object> event) {
            sendJson(Map.of("status", "back"));
        }
    }

    @ServerEndpoint("/ws/unaware/")
    public static class UnawareConsumer extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> connect() {
            return groupAdd("room").thenCompose(v -> accept());
        }

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            return sendJson(Map.of("message", event.get("message")));
        }
    }

    private final FakeOutageLayer layer = new FakeOutageLayer();

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    private WebsocketCommunicator connected(Object consumer, String path) {
        WebsocketCommunicator communicator = WebsocketCommunicator.of(consumer, path).layer(layer).build();
        assertThat(communicator.connect().accepted()).isTrue();
        return communicator;
    }

    @Test
    void aConsumerWithHandlersHearsTheLayerGoDownAndComeBackWithTheLossAndKeepsReceiving() throws Exception {
        try (WebsocketCommunicator aware = connected(new AwareConsumer(), "/ws/aware/")) {
            layer.goDown();
            assertThat(aware.receiveJsonFrom()).isEqualTo(Map.of("status", "reconnecting"));
            layer.comeBack(3);
            assertThat(aware.receiveJsonFrom()).isEqualTo(Map.of("status", "back", "lost", java.math.BigDecimal.valueOf(3)));

            layer.groupSend("room", Map.of("type", "chat.message", "message", "after")).toCompletableFuture().get();
            assertThat(aware.receiveJsonFrom()).isEqualTo(Map.of("message", "after"));
        }
    }

    @Test
    void aConsumerWithoutHandlersIsNeitherToldNorClosed() throws Exception {
        try (WebsocketCommunicator unaware = connected(new UnawareConsumer(), "/ws/unaware/")) {
            layer.goDown();
            layer.comeBack(0);
            assertThat(unaware.receiveNothing(Duration.ofMillis(100))).isTrue();
            layer.groupSend("room", Map.of("type", "chat.message", "message", "still here")).toCompletableFuture().get();
            assertThat(unaware.receiveJsonFrom()).isEqualTo(Map.of("message", "still here"));
            assertThat(layer.listeners).isEmpty();
        }
    }

    @Test
    void aConsumerHearsOnlyTheEventsItHandles() {
        try (WebsocketCommunicator upOnly = connected(new UpOnlyConsumer(), "/ws/upOnly/")) {
            layer.goDown();
            layer.comeBack(0);
            assertThat(upOnly.receiveJsonFrom()).isEqualTo(Map.of("status", "back"));
            assertThat(upOnly.receiveNothing(Duration.ofMillis(100))).isTrue();
        }
    }

    @Test
    void aDisconnectedConsumerStopsListening() {
        WebsocketCommunicator aware = connected(new AwareConsumer(), "/ws/aware/");
        assertThat(layer.listeners).hasSize(1);
        aware.disconnect();
        aware.close();
        assertThat(layer.listeners).isEmpty();
    }
}
