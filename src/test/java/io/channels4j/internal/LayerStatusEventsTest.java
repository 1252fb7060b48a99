package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerListener;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Consumers hear {@code layer.down} / {@code layer.up} when they ask for them, and only then. */
class LayerStatusEventsTest {

    /**
     * A layer whose store the test can "lose" and "get back": {@link #layer} is an in-memory layer
     * but for its listeners, which are the fake part.
     */
    static final class FakeOutage {
        final InMemoryChannelLayer memory = new InMemoryChannelLayer();
        final CopyOnWriteArrayList<LayerListener> listeners = new CopyOnWriteArrayList<>();
        final ChannelLayer layer = (ChannelLayer) Proxy.newProxyInstance(ChannelLayer.class.getClassLoader(),
                new Class<?>[] {ChannelLayer.class}, this::call);

        void goDown() {
            listeners.forEach(l -> l.layerDown(new ChannelLayerException("Redis at redis://x:1 is unreachable")));
        }

        void comeBack(long lost) {
            listeners.forEach(l -> l.layerUp(lost));
        }

        private Object call(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "addListener" -> {
                    LayerListener listener = (LayerListener) args[0];
                    listeners.add(listener);
                    return (LayerListener.Registration) () -> listeners.remove(listener);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                default -> {
                    try {
                        return method.invoke(method.getDeclaringClass() == Object.class ? this : memory, args);
                    } catch (InvocationTargetException failure) {
                        throw failure.getCause();
                    }
                }
            }
        }
    }

    /** Joins "room" in connect and relays its chat messages; has no handler for the layer's status. */
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

    /** An {@link UnawareConsumer} that also tells its client when the layer goes down and comes back. */
    @ServerEndpoint("/ws/aware/")
    public static class AwareConsumer extends UnawareConsumer {
        CompletionStage<Void> layer_down(Map<String, Object> event) {
            return sendJson(Map.of("status", "reconnecting"));
        }

        CompletionStage<Void> layer_up(Map<String, Object> event) {
            return sendJson(Map.of("status", "back", "lost", event.get("lost")));
        }
    }

    @ServerEndpoint("/ws/upOnly/")
    public static class UpOnlyConsumer extends JsonWebsocketConsumer {
        void layer_up(Map<String, Object> event) {
            sendJson(Map.of("status", "back"));
        }
    }

    private final FakeOutage outage = new FakeOutage();

    @AfterEach
    void closeLayer() {
        outage.memory.close();
    }

    private WebsocketCommunicator connected(Object consumer, String path) {
        WebsocketCommunicator communicator = WebsocketCommunicator.of(consumer, path).layer(outage.layer).build();
        assertThat(communicator.connect().accepted()).isTrue();
        return communicator;
    }

    @Test
    void aConsumerWithHandlersHearsTheLayerGoDownAndComeBackWithTheLossAndKeepsReceiving() throws Exception {
        try (WebsocketCommunicator aware = connected(new AwareConsumer(), "/ws/aware/")) {
            outage.goDown();
            assertThat(aware.receiveJsonFrom()).isEqualTo(Map.of("status", "reconnecting"));
            outage.comeBack(3);
            assertThat(aware.receiveJsonFrom()).isEqualTo(Map.of("status", "back", "lost", java.math.BigDecimal.valueOf(3)));

            outage.layer.groupSend("room", Map.of("type", "chat.message", "message", "after")).toCompletableFuture().get();
            assertThat(aware.receiveJsonFrom()).isEqualTo(Map.of("message", "after"));
        }
    }

    @Test
    void aConsumerWithoutHandlersIsNeitherToldNorClosed() throws Exception {
        try (WebsocketCommunicator unaware = connected(new UnawareConsumer(), "/ws/unaware/")) {
            outage.goDown();
            outage.comeBack(0);
            assertThat(unaware.receiveNothing(Duration.ofMillis(100))).isTrue();
            outage.layer.groupSend("room", Map.of("type", "chat.message", "message", "still here")).toCompletableFuture().get();
            assertThat(unaware.receiveJsonFrom()).isEqualTo(Map.of("message", "still here"));
            assertThat(outage.listeners).isEmpty();
        }
    }

    @Test
    void aConsumerHearsOnlyTheEventsItHandles() {
        try (WebsocketCommunicator upOnly = connected(new UpOnlyConsumer(), "/ws/upOnly/")) {
            outage.goDown();
            outage.comeBack(0);
            assertThat(upOnly.receiveJsonFrom()).isEqualTo(Map.of("status", "back"));
            assertThat(upOnly.receiveNothing(Duration.ofMillis(100))).isTrue();
        }
    }

    @Test
    void aDisconnectedConsumerStopsListening() {
        WebsocketCommunicator aware = connected(new AwareConsumer(), "/ws/aware/");
        assertThat(outage.listeners).hasSize(1);
        aware.disconnect();
        aware.close();
        assertThat(outage.listeners).isEmpty();
    }
}
