package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.EventDispatchException;
import io.channels4j.InvalidFrameException;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What JSON consumers do with frames and channel-layer events they cannot handle: by default the
 * connection closes with a code that says why; a consumer that overrides the error path answers
 * instead and stays open.
 */
class JsonErrorsIT {

    /** Tells the client its channel name, echoes JSON, and handles {@code echo.event}. */
    @ServerEndpoint("/ws/json/sync/")
    public static class SyncJson extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            sendJson(Map.of("channel", channelName()));
        }

        @Override
        protected void receiveJson(Object content) {
            sendJson(Map.of("echo", content));
        }

        void echo_event(Map<String, Object> event) {
            sendJson(Map.of("event", event.get("text")));
        }
    }

    /** The asynchronous twin of {@link SyncJson}. */
    @ServerEndpoint("/ws/json/async/")
    public static class AsyncJson extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> connect() {
            return accept().thenCompose(v -> sendJson(Map.of("channel", channelName())));
        }

        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            return sendJson(Map.of("echo", content));
        }

        CompletionStage<Void> echo_event(Map<String, Object> event) {
            return sendJson(Map.of("event", event.get("text")));
        }
    }

    /** A {@link SyncJson} that answers bad frames and unhandled events with an error frame instead of closing. */
    @ServerEndpoint("/ws/json/forgiving/")
    public static class Forgiving extends SyncJson {
        @Override
        protected void receive(String text) {
            try {
                super.receive(text);
            } catch (InvalidFrameException invalid) {
                sendJson(Map.of("error", "invalid JSON, would close with " + invalid.closeCode()));
            }
        }

        @Override
        protected void receive(byte[] bytes) {
            sendJson(Map.of("error", "binary frames are not accepted here"));
        }

        @Override
        protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            sendJson(Map.of("error", "unhandled event"));
        }
    }

    /** Runs a test once for each of {@link SyncJson} and {@link AsyncJson}, passing it the consumer's path. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    @interface ForEachJsonConsumer {
    }

    private static final Pattern CHANNEL = Pattern.compile("\\{\"channel\":\"([^\"]+)\"}");

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.with(b -> b.endpoint(SyncJson.class, AsyncJson.class, Forgiving.class));

    private static WebsocketClient connect(String path) {
        return WebsocketClient.connect(SERVER.ws(path));
    }

    /** Reads the channel name the consumer sends first. */
    private static String channelOf(WebsocketClient client) {
        String first = client.receiveText();
        Matcher m = CHANNEL.matcher(first);
        assertThat(m.matches()).as("first frame names the channel: %s", first).isTrue();
        return m.group(1);
    }

    private static void sendEvent(String channel, Map<String, ?> event) {
        SERVER.server().channelLayer().send(channel, event).toCompletableFuture().join();
    }

    @ForEachJsonConsumer
    void validJsonIsDecodedAndEchoed(String path) {
        try (WebsocketClient client = connect(path)) {
            channelOf(client);
            client.send("{\"list\": [true, null, \"x\", 1, 1.5]}");
            assertThat(client.receiveText()).isEqualTo("{\"echo\":{\"list\":[true,null,\"x\",1,1.5]}}");
        }
    }

    @ForEachJsonConsumer
    void invalidJsonClosesWith1007(String path) {
        try (WebsocketClient client = connect(path)) {
            channelOf(client);
            client.send("{\"unterminated\": ");
            assertThat(client.awaitClose()).isEqualTo(1007);
            assertThat(client.closeReason()).isEqualTo("invalid payload");
        }
    }

    @ForEachJsonConsumer
    void aBinaryFrameClosesWith1003(String path) {
        try (WebsocketClient client = connect(path)) {
            channelOf(client);
            client.send("{\"looks\": \"like json\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(client.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void aConsumerThatOverridesTheErrorPathAnswersBadFramesAndStaysOpen() {
        try (WebsocketClient client = connect("ws/json/forgiving/")) {
            channelOf(client);
            client.send("not json at all");
            assertThat(client.receiveText()).isEqualTo("{\"error\":\"invalid JSON, would close with 1007\"}");
            client.send("[".repeat(1000) + "]".repeat(1000));
            assertThat(client.receiveText()).as("past the depth limit: refused the same way")
                    .isEqualTo("{\"error\":\"invalid JSON, would close with 1007\"}");
            client.send(new byte[] {1, 2, 3});
            assertThat(client.receiveText()).isEqualTo("{\"error\":\"binary frames are not accepted here\"}");
            client.send("[1]");
            assertThat(client.receiveText()).isEqualTo("{\"echo\":[1]}");
            assertThat(client.closeCode()).isEmpty();
        }
    }

    @ForEachJsonConsumer
    void anEventWithAKnownTypeReachesItsHandler(String path) {
        try (WebsocketClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("type", "echo.event", "text", "through the layer"));
            assertThat(client.receiveText()).isEqualTo("{\"event\":\"through the layer\"}");
        }
    }

    /** An event the JSON consumers cannot dispatch, and what the logged failure says (null: not checked). */
    static Stream<Arguments> undispatchableEvents() {
        List<Arguments> events = List.of(
                Arguments.of("without a type", Map.of("text", "no type here"), "no 'type'"),
                Arguments.of("with a non-string type", Map.of("type", 42), null),
                Arguments.of("with a leading underscore type", Map.of("type", ".echo.event"), "leading underscore"),
                Arguments.of("with an unknown type", Map.of("type", "no.such.handler"),
                        "no handler for message type 'no.such.handler'"),
                Arguments.of("naming a base class method, which it cannot call", Map.of("type", "close"),
                        "no handler for message type 'close'"));
        return Stream.of("ws/json/sync/", "ws/json/async/").flatMap(path -> events.stream()
                .map(e -> Arguments.of(path, e.get()[0], e.get()[1], e.get()[2])));
    }

    @ParameterizedTest(name = "{0}: an event {1}")
    @MethodSource("undispatchableEvents")
    void anEventThatCannotBeDispatchedClosesWith1011(String path, String what, Map<String, ?> event, String reason) {
        try (RecordingLogHandler log = RecordingLogHandler.attach(); WebsocketClient client = connect(path)) {
            String channel = channelOf(client);
            sendEvent(channel, event);
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.closeReason()).isEqualTo("internal error");
            if (reason != null) {
                assertThat(log.awaitRecord(r -> r.getMessage().contains(channel) && r.getThrown() != null).getThrown())
                        .hasMessageContaining(reason);
            }
        }
    }

    @Test
    void aConsumerThatHandlesUnhandledEventsAnswersAndStaysOpen() {
        try (WebsocketClient client = connect("ws/json/forgiving/")) {
            String channel = channelOf(client);
            sendEvent(channel, Map.of("type", "no.such.handler"));
            assertThat(client.receiveText()).isEqualTo("{\"error\":\"unhandled event\"}");
            sendEvent(channel, Map.of("text", "no type"));
            assertThat(client.receiveText()).isEqualTo("{\"error\":\"unhandled event\"}");
            client.send("{}");
            assertThat(client.receiveText()).isEqualTo("{\"echo\":{}}");
        }
    }
}
