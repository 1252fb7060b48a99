package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once a consumer has closed its connection, no further layer event reaches its handlers (they
 * are dropped and counted, as frames are) and {@code disconnect} still runs exactly once.
 */
class AfterCloseTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final int EVENTS = 5;

    /** What a test consumer saw. */
    interface Recording {
        List<String> seen();
    }

    /** On "go": queues {@value #EVENTS} events to its own channel, then closes with 4000. */
    @ServerEndpoint("/ws/after-close/")
    public static class SyncCloser extends WebsocketConsumer implements Recording {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        protected void receive(String text) {
            for (int i = 0; i < EVENTS; i++) {
                channelSend(channelName(), Map.of("type", "chat.message", "n", i));
            }
            close(4000);
        }

        void chat_message(Map<String, Object> event) {
            seen.add("event " + event.get("n"));
            send("event " + event.get("n"));
        }

        @Override
        protected void disconnect(int code) {
            seen.add("disconnect " + code);
        }

        @Override
        public List<String> seen() {
            return seen;
        }
    }

    /** The asynchronous twin of {@link SyncCloser}. */
    @ServerEndpoint("/ws/after-close/")
    public static class AsyncCloser extends AsyncWebsocketConsumer implements Recording {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        protected CompletionStage<Void> receive(String text) {
            CompletionStage<Void> sent = done();
            for (int i = 0; i < EVENTS; i++) {
                int n = i;
                sent = sent.thenCompose(v -> channelSend(channelName(), Map.of("type", "chat.message", "n", n)));
            }
            return sent.thenCompose(v -> close(4000));
        }

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            seen.add("event " + event.get("n"));
            return send("event " + event.get("n"));
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            seen.add("disconnect " + code);
            return done();
        }

        @Override
        public List<String> seen() {
            return seen;
        }
    }

    static Stream<Named<Supplier<Recording>>> flavours() {
        return Stream.of(Named.of("sync", SyncCloser::new), Named.of("async", AsyncCloser::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void eventsQueuedBeforeTheConsumerClosedNeverReachItsHandlers(Supplier<Recording> flavour) {
        Recording consumer = flavour.get();
        try (var log = RecordingLogHandler.attach(); var layer = new InMemoryChannelLayer();
             var client = WebsocketCommunicator.of(consumer, "/ws/after-close/").layer(layer).build()) {
            assertThat(client.connect().accepted()).isTrue();

            client.sendTo("go");

            assertThat(client.awaitClose(WAIT)).isEqualTo(4000);
            client.close();
            assertThat(consumer.seen()).containsExactly("disconnect 4000");
            assertThat(log.records()).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .as("warnings logged").isEmpty();
        }
    }
}
