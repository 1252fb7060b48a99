package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What makes a class a valid consumer, checked once when it is first used, the same way on every
 * server: only methods that look like handlers are checked as handlers, and lifecycle methods the
 * class annotates itself refuse it.
 */
class ConsumerRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    /** Ordinary helpers with underscores beside one real handler. */
    @ServerEndpoint("/ws/helpers/")
    public static class HelpersWithUnderscores extends WebsocketConsumer {
        String load_user(String id) {
            return "user " + id;
        }

        static int parse_count(String text) {
            return Integer.parseInt(text);
        }

        String format_line(String name, int count) {
            return name + " x" + count;
        }

        void keep_both(Map<String, Object> first, Map<String, Object> second) {
        }

        void chat_message(Map<String, Object> event) {
            send(format_line(load_user((String) event.get("id")), parse_count((String) event.get("n"))));
        }
    }

    /** Annotates a lifecycle method itself. */
    @ServerEndpoint("/ws/annotated/")
    public static class AnnotatesOnMessage extends WebsocketConsumer {
        @OnMessage
        public void handle(String text) {
            send(text);
        }
    }

    @Test
    void underscoreMethodsThatDoNotTakeOneMapAreOrdinaryMethods() {
        try (var log = RecordingLogHandler.attach();
             var client = WebsocketCommunicator.of(new HelpersWithUnderscores(), "/ws/helpers/").build()) {
            assertThat(client.connect().accepted()).isTrue();

            client.layer().send(client.channelName(), Map.of("type", "chat.message", "id", "7", "n", "3"))
                    .toCompletableFuture().join();

            assertThat(client.receiveTextFrom()).isEqualTo("user 7 x3");
            assertThat(log.records()).filteredOn(r -> r.getThrown() instanceof ConsumerDefinitionException).isEmpty();
        }
    }

    @Test
    void anOrdinaryUnderscoreMethodIsNeverReachedByAType() {
        try (var log = RecordingLogHandler.attach();
             var client = WebsocketCommunicator.of(new HelpersWithUnderscores(), "/ws/helpers/").build()) {
            assertThat(client.connect().accepted()).isTrue();

            client.layer().send(client.channelName(), Map.of("type", "keep.both")).toCompletableFuture().join();

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.awaitRecord("handler failed").getThrown()).isInstanceOf(EventDispatchException.class)
                    .hasMessageContaining("no handler for message type 'keep.both'");
        }
    }

    @Test
    void aConsumerThatAnnotatesALifecycleMethodIsRefusedAtItsFirstConnection() {
        try (var log = RecordingLogHandler.attach();
             var client = WebsocketCommunicator.of(new AnnotatesOnMessage(), "/ws/annotated/").build()) {
            var result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            Throwable thrown = log.awaitRecord("handler failed").getThrown();
            assertThat(thrown).isInstanceOf(ConsumerDefinitionException.class)
                    .hasMessageContaining(AnnotatesOnMessage.class.getName() + ".handle is annotated @OnMessage")
                    .hasMessageContaining("override connect(), receive(...) or disconnect(int) instead");
            assertThat(List.of(client.closeReason())).containsExactly("internal error");
        }
    }
}
