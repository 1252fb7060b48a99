package io.channels4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.CloseCodes;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.testing.WebsocketCommunicator.ConnectResult;
import jakarta.websocket.server.ServerEndpoint;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The test kit itself: what connect reports, the bounded receives, the scope it builds, disconnect. */
class WebsocketCommunicatorTest {

    private static final Duration SHORT = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(2);

    // ---- consumers ----

    /** Echoes text; answers "binary" with bytes and "close" by closing with 4000 "bye". */
    static class Echo extends WebsocketConsumer {
        final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        protected void receive(String text) {
            switch (text) {
                case "binary" -> send(new byte[] {7});
                case "close" -> close(4000, "bye");
                case "silence" -> { }
                default -> send(text);
            }
        }

        @Override
        protected void disconnect(int code) {
            disconnects.add(code);
        }
    }

    static class Denier extends WebsocketConsumer {
        @Override
        protected void connect() {
            close(4403);
        }
    }

    /** Decides only when the test completes {@link #decision}. */
    static class DecidesLate extends AsyncWebsocketConsumer {
        final CompletableFuture<Void> decision = new CompletableFuture<>();

        @Override
        protected CompletionStage<Void> connect() {
            return decision.thenCompose(v -> accept());
        }
    }

    /** Reports its scope as JSON once connected. */
    @ServerEndpoint("/ws/chat/{room_name}/{user}/")
    static class ShowsScope extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("path", scope().path());
            seen.put("kwargs", scope().urlRoute().kwargs());
            seen.put("query", scope().queryParam("page").orElse(""));
            seen.put("token", scope().header("X-Token").orElse(""));
            seen.put("user", scope().user().map(Principal::getName).orElse("anonymous"));
            seen.put("offered", scope().subprotocols());
            sendJson(seen);
        }
    }

    static class NoEndpoint extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            sendJson(scope().urlRoute().kwargs());
        }
    }

    @ServerEndpoint(value = "/ws/proto/", subprotocols = {"graphql-ws", "v2"})
    static class Proto extends WebsocketConsumer {
    }

    /** Takes its time in disconnect(), then notes that it finished. */
    static class SlowToLeave extends WebsocketConsumer {
        volatile boolean finished;

        @Override
        protected List<String> groups() {
            return List.of("lobby");
        }

        @Override
        protected void disconnect(int code) {
            try {
                Thread.sleep(200); // simulates slow clean-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished = true;
        }
    }

    /** Its disconnect() completes only when the test says so. */
    static class StuckInDisconnect extends AsyncWebsocketConsumer {
        final CompletableFuture<Void> release = new CompletableFuture<>();

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            return release;
        }
    }

    /** Relays each frame to its room; every member sends it to its client. */
    static class Room extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void receive(String text) {
            groupSend("room", Map.of("type", "chat.message", "text", text));
        }

        void chat_message(Map<String, Object> event) {
            send((String) event.get("text"));
        }
    }

    private record User(String getName) implements Principal {
    }

    /** A communicator on a new {@link Echo}, connected. */
    private static WebsocketCommunicator connectedEcho() {
        var client = WebsocketCommunicator.of(new Echo(), "/ws/").build();
        try {
            client.connect();
            return client;
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    // ---- connect ----

    @Test
    void connectReportsAnAcceptedConnection() {
        try (var client = WebsocketCommunicator.of(new Echo(), "/ws/").build()) {
            assertThat(client.connect()).isEqualTo(new ConnectResult(true, "", -1));
        }
    }

    @Test
    void connectReportsADeniedConnectionWithItsCode() {
        try (var client = WebsocketCommunicator.of(new Denier(), "/ws/").build()) {
            assertThat(client.connect()).isEqualTo(new ConnectResult(false, "", 4403));
        }
    }

    @Test
    void connectingTwiceIsAnError() {
        try (var client = connectedEcho()) {
            assertThatThrownBy(client::connect).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void connectFailsWithAnAssertionErrorWhenTheConsumerDoesNotDecideInTime() {
        var consumer = new DecidesLate();
        var client = WebsocketCommunicator.of(consumer, "/ws/").build();
        try {
            assertThatThrownBy(() -> client.connect(SHORT)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timed out after 150 ms")
                    .hasMessageContaining("accept or close");
        } finally {
            consumer.decision.complete(null); // lets connect finish, so that close() can disconnect
            client.close();
        }
    }

    @Test
    void framesCannotBeSentBeforeConnect() {
        try (var client = WebsocketCommunicator.of(new Echo(), "/ws/").build()) {
            assertThatThrownBy(() -> client.sendTo("early")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connect() first");
            assertThatThrownBy(client::channelName).isInstanceOf(IllegalStateException.class);
        }
    }

    // ---- receiving ----

    @Test
    void receiveFromReturnsTextAndBinaryFramesInOrder() {
        try (var client = connectedEcho()) {
            client.sendTo("one");
            client.sendTo("binary");

            assertThat(client.receiveFrom().text()).isEqualTo("one");
            assertThat(client.receiveFrom().bytes()).containsExactly(7);
        }
    }

    @Test
    void sendJsonToAndReceiveJsonFromEncodeAndDecode() {
        try (var client = connectedEcho()) {
            client.sendJsonTo(Map.of("list", List.of("a", "b")));

            assertThat(client.receiveJsonFrom()).isEqualTo(Map.of("list", List.of("a", "b")));
        }
    }

    @Test
    void receiveNothingIsTrueWhileTheConsumerIsSilent() {
        try (var client = connectedEcho()) {
            client.sendTo("silence");

            assertThat(client.receiveNothing(SHORT)).isTrue();
        }
    }

    @Test
    void receiveNothingIsFalseWhenAFrameWaitsAndLeavesTheFrameToBeReceived() {
        try (var client = connectedEcho()) {
            client.sendTo("here");

            assertThat(client.receiveNothing(WAIT)).isFalse();
            assertThat(client.receiveTextFrom()).isEqualTo("here");
        }
    }

    @Test
    void receiveNothingIsFalseWhenTheConsumerCloses() {
        try (var client = connectedEcho()) {
            client.sendTo("close");

            assertThat(client.receiveNothing(WAIT)).isFalse();
        }
    }

    @Test
    void awaitCloseReturnsTheCodeAndCloseReasonTheReason() {
        try (var client = connectedEcho()) {
            assertThat(client.closeReason()).isEmpty();
            client.sendTo("close");

            assertThat(client.awaitClose(WAIT)).isEqualTo(4000);
            assertThat(client.closeReason()).isEqualTo("bye");
        }
    }

    static Stream<Arguments> failedWaits() {
        return Stream.of(
                failedWait("receiveFrom fails when nothing comes in time", List.of("silence"),
                        c -> c.receiveFrom(SHORT), "timed out after 150 ms waiting for a frame"),
                failedWait("receiveFrom fails when the consumer closed instead", List.of("close"),
                        WebsocketCommunicator::receiveFrom, "closed the connection with 4000 (bye)"),
                failedWait("receiveTextFrom fails on a binary frame", List.of("binary"),
                        WebsocketCommunicator::receiveTextFrom, "expected a text frame"),
                failedWait("awaitClose fails when a frame comes first", List.of("not a close"),
                        c -> c.awaitClose(WAIT), "sent text not a close"),
                failedWait("awaitClose fails when the consumer stays open", List.of(),
                        c -> c.awaitClose(SHORT), "timed out after 150 ms waiting for the consumer to close"));
    }

    private static Arguments failedWait(String what, List<String> frames, Consumer<WebsocketCommunicator> wait,
                                        String message) {
        return Arguments.of(Named.of(what, frames), wait, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedWaits")
    void aWaitThatIsNotMetFailsWithAnAssertionErrorSayingWhy(List<String> frames,
            Consumer<WebsocketCommunicator> wait, String message) {
        try (var client = connectedEcho()) {
            frames.forEach(client::sendTo);

            assertThatThrownBy(() -> wait.accept(client)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining(message);
        }
    }

    // ---- the scope ----

    @Test
    void routeVariablesComeFromTheServerEndpointTemplate() {
        try (var client = WebsocketCommunicator.of(new ShowsScope(), "/ws/chat/lobby/ada/").build()) {
            client.connect();

            Map<?, ?> seen = (Map<?, ?>) client.receiveJsonFrom();

            assertThat(seen.get("path")).isEqualTo("/ws/chat/lobby/ada/");
            assertThat(seen.get("kwargs")).isEqualTo(Map.of("room_name", "lobby", "user", "ada"));
            assertThat(client.scope().urlRoute().kwargs()).containsExactly(
                    Map.entry("room_name", "lobby"), Map.entry("user", "ada"));
        }
    }

    @Test
    void aPathThatDoesNotMatchTheTemplateIsRefused() {
        assertThatThrownBy(() -> WebsocketCommunicator.of(new ShowsScope(), "/ws/chat/lobby/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/ws/chat/{room_name}/{user}/");
    }

    @Test
    void aConsumerWithoutServerEndpointHasNoRouteVariables() {
        try (var client = WebsocketCommunicator.of(new NoEndpoint(), "/anything/at/all/").build()) {
            client.connect();

            assertThat(client.receiveJsonFrom()).isEqualTo(Map.of());
        }
    }

    @Test
    void theScopeCarriesQueryHeadersUserAndOfferedSubprotocols() {
        try (var client = WebsocketCommunicator.of(new ShowsScope(), "/ws/chat/lobby/ada/")
                .queryString("page=2&x=y").header("X-Token", "secret").user(new User("ada"))
                .subprotocols("v9").build()) {
            client.connect();

            Map<?, ?> seen = (Map<?, ?>) client.receiveJsonFrom();

            assertThat(seen.get("query")).isEqualTo("2");
            assertThat(seen.get("token")).isEqualTo("secret");
            assertThat(seen.get("user")).isEqualTo("ada");
            assertThat(seen.get("offered")).isEqualTo(List.of("v9"));
        }
    }

    @Test
    void theAgreedSubprotocolIsTheFirstOfferedOneTheEndpointLists() {
        try (var client = WebsocketCommunicator.of(new Proto(), "/ws/proto/").subprotocols("v1", "v2", "graphql-ws")
                .build()) {
            assertThat(client.connect()).isEqualTo(new ConnectResult(true, "v2", -1));
        }
    }

    @Test
    void noSubprotocolIsAgreedWhenNoneOfferedIsListed() {
        try (var offersOthers = WebsocketCommunicator.of(new Proto(), "/ws/proto/").subprotocols("v1").build();
             var offersNone = WebsocketCommunicator.of(new Proto(), "/ws/proto/").build();
             var listsNone = WebsocketCommunicator.of(new Echo(), "/ws/").subprotocols("v2").build()) {
            assertThat(offersOthers.connect().subprotocol()).isEmpty();
            assertThat(offersNone.connect().subprotocol()).isEmpty();
            assertThat(listsNone.connect().subprotocol()).isEmpty();
        }
    }

    // ---- disconnect and close ----

    @Test
    void disconnectReturnsOnlyAfterTheConsumerFinishedAndLeftItsGroups() {
        var layer = new InMemoryChannelLayer();
        var consumer = new SlowToLeave();
        try (var client = WebsocketCommunicator.of(consumer, "/ws/").layer(layer).build()) {
            client.connect();
            assertThat(layer.groupMembers("lobby").toCompletableFuture().join()).hasSize(1);

            client.disconnect();

            assertThat(consumer.finished).isTrue();
            assertThat(layer.groupMembers("lobby").toCompletableFuture().join()).isEmpty();
        } finally {
            layer.close();
        }
    }

    @Test
    void disconnectFailsWithAnAssertionErrorWhenTheConsumerNeverFinishes() {
        var consumer = new StuckInDisconnect();
        var client = WebsocketCommunicator.of(consumer, "/ws/").build();
        try {
            client.connect();

            assertThatThrownBy(client::disconnect).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not finish disconnecting");
        } finally {
            consumer.release.complete(null);
            client.close();
        }
    }

    @Test
    void closeDisconnectsAConnectedConsumerWithNormalClosure() {
        var consumer = new Echo();
        try (var client = WebsocketCommunicator.of(consumer, "/ws/").build()) {
            client.connect();
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.NORMAL);
    }

    @Test
    void closeClosesTheLayerTheCommunicatorMadeButNotOneItWasGiven() {
        var shared = new InMemoryChannelLayer();
        try {
            var own = WebsocketCommunicator.of(new Echo(), "/ws/").build();
            var given = WebsocketCommunicator.of(new Echo(), "/ws/").layer(shared).build();
            own.connect();
            given.connect();

            own.close();
            given.close();

            assertThatThrownBy(() -> own.layer().newChannel("x")).isInstanceOf(ChannelLayerException.class);
            assertThat(shared.newChannel("x").toCompletableFuture().join()).startsWith("x.");
        } finally {
            shared.close();
        }
    }

    @Test
    void communicatorsSharingALayerReachEachOthersConsumers() {
        var layer = new InMemoryChannelLayer();
        try (var ada = WebsocketCommunicator.of(new Room(), "/ws/").layer(layer).build();
             var bob = WebsocketCommunicator.of(new Room(), "/ws/").layer(layer).build()) {
            ada.connect();
            bob.connect();

            ada.sendTo("hello room");

            assertThat(ada.receiveTextFrom()).isEqualTo("hello room");
            assertThat(bob.receiveTextFrom()).isEqualTo("hello room");
        } finally {
            layer.close();
        }
    }
}
