package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.EventDispatchException;
import io.channels4j.InvalidFrameException;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.WsClient;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    /** Answers bad frames and unhandled events with an error frame instead of closing. */
    @ServerEndpoint("/ws/json/forgiving/")
    public static class Forgiving extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            sendJson(Map.of("channel", channelName()));
        }

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
        protected void receiveJson(Object content) {
            sendJson(Map.of("echo", content));
        }

        @Override
        protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            sendJson(Map.of("error", "unhandled event"));
        }
    }

    private static final Pattern CHANNEL = Pattern.compile("\\{\"channel\":\"([^\"]+)\"}");

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.builder().endpoint(SyncJson.class, AsyncJson.class, Forgiving.class).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static WsClient connect(String path) {
        return WsClient.connect(server.wsUri().resolve(path));
    }

    /** Reads the channel name the consumer sends first. */
    private static String channelOf(WsClient client) {
        String first = client.receive();
        Matcher m = CHANNEL.matcher(first);
        assertThat(m.matches()).as("first frame names the channel: %s", first).isTrue();
        return m.group(1);
    }

    private static void sendEvent(String channel, Map<String, ?> event) {
        server.channelLayer().send(channel, event).toCompletableFuture().join();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void validJsonIsDecodedAndEchoed(String path) {
        try (WsClient client = connect(path)) {
            channelOf(client);
            client.send("{\"list\": [true, null, \"x\", 1, 1.5]}");
            assertThat(client.receive()).isEqualTo("{\"echo\":{\"list\":[true,null,\"x\",1,1.5]}}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void invalidJsonClosesWith1007(String path) {
        try (WsClient client = connect(path)) {
            channelOf(client);
            client.send("{\"unterminated\": ");
            assertThat(client.awaitClose()).isEqualTo(1007);
            assertThat(client.awaitCloseReason()).startsWith("invalid JSON");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void aBinaryFrameClosesWith1003(String path) {
        try (WsClient client = connect(path)) {
            channelOf(client);
            client.send("{\"looks\": \"like json\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(client.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void aConsumerThatOverridesTheErrorPathAnswersBadFramesAndStaysOpen() {
        try (WsClient client = connect("ws/json/forgiving/")) {
            channelOf(client);
            client.send("not json at all");
            assertThat(client.receive()).isEqualTo("{\"error\":\"invalid JSON, would close with 1007\"}");
            client.send(new byte[] {1, 2, 3});
            assertThat(client.receive()).isEqualTo("{\"error\":\"binary frames are not accepted here\"}");
            client.send("[1]");
            assertThat(client.receive()).isEqualTo("{\"echo\":[1]}");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void anEventWithAKnownTypeReachesItsHandler(String path) {
        try (WsClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("type", "echo.event", "text", "through the layer"));
            assertThat(client.receive()).isEqualTo("{\"event\":\"through the layer\"}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void anEventWithoutATypeClosesWith1011(String path) {
        try (WsClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("text", "no type here"));
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.awaitCloseReason()).contains("no 'type'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void anEventWithANonStringTypeClosesWith1011(String path) {
        try (WsClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("type", 42));
            assertThat(client.awaitClose()).isEqualTo(1011);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void anEventWithALeadingUnderscoreTypeClosesWith1011(String path) {
        try (WsClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("type", ".echo.event"));
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.awaitCloseReason()).contains("leading underscore");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void anEventWithAnUnknownTypeClosesWith1011(String path) {
        try (WsClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("type", "no.such.handler"));
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.awaitCloseReason()).contains("no handler for message type 'no.such.handler'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/json/sync/", "ws/json/async/"})
    void anEventNamingABaseClassMethodCannotCallItAndClosesWith1011(String path) {
        try (WsClient client = connect(path)) {
            sendEvent(channelOf(client), Map.of("type", "close"));
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.awaitCloseReason()).contains("no handler for message type 'close'");
        }
    }

    @Test
    void aConsumerThatHandlesUnhandledEventsAnswersAndStaysOpen() {
        try (WsClient client = connect("ws/json/forgiving/")) {
            String channel = channelOf(client);
            sendEvent(channel, Map.of("type", "no.such.handler"));
            assertThat(client.receive()).isEqualTo("{\"error\":\"unhandled event\"}");
            sendEvent(channel, Map.of("text", "no type"));
            assertThat(client.receive()).isEqualTo("{\"error\":\"unhandled event\"}");
            client.send("{}");
            assertThat(client.receive()).isEqualTo("{\"echo\":{}}");
        }
    }
}
