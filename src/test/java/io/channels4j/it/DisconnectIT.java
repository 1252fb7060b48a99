package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.Reports;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code disconnect} runs exactly once however the connection ends, and afterwards the consumer
 * has left the class-level group and the group it joined in {@code connect}.
 */
class DisconnectIT {

    private static final String CLASS_GROUP = "watchers";

    private static EmbeddedServer server;
    private static InMemoryChannelLayer layer;

    /** Records the code and whether the consumer was still in its groups when disconnect ran. */
    private static void reportDisconnect(String id, String channel, int code) {
        Reports.add(id, "disconnect", code);
        Reports.add(id, "member during disconnect", layer.groupMembers(CLASS_GROUP).toCompletableFuture().join().contains(channel)
                && layer.groupMembers(ownGroup(id)).toCompletableFuture().join().contains(channel));
    }

    private static String ownGroup(String id) {
        return "room-" + id;
    }

    /** Joins its own group in connect, tells the client its channel, closes on "close", throws on "boom". */
    @ServerEndpoint("/ws/tracked/sync/")
    public static class SyncTracked extends WebsocketConsumer {
        private String id;

        @Override
        protected List<String> groups() {
            return List.of(CLASS_GROUP);
        }

        @Override
        protected void connect() {
            id = scope().queryParam("id").orElseThrow();
            groupAdd(ownGroup(id));
            accept();
            send(channelName());
        }

        @Override
        protected void receive(String text) {
            switch (text) {
                case "close" -> close(4000);
                case "boom" -> throw new IllegalStateException("boom on purpose");
                default -> send("echo " + text);
            }
        }

        @Override
        protected void disconnect(int code) {
            reportDisconnect(id, channelName(), code);
        }
    }

    /** The asynchronous twin of {@link SyncTracked}. */
    @ServerEndpoint("/ws/tracked/async/")
    public static class AsyncTracked extends AsyncWebsocketConsumer {
        private String id;

        @Override
        protected List<String> groups() {
            return List.of(CLASS_GROUP);
        }

        @Override
        protected CompletionStage<Void> connect() {
            id = scope().queryParam("id").orElseThrow();
            return groupAdd(ownGroup(id)).thenCompose(v -> accept()).thenCompose(v -> send(channelName()));
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return switch (text) {
                case "close" -> close(4000);
                case "boom" -> throw new IllegalStateException("boom on purpose");
                default -> send("echo " + text);
            };
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            reportDisconnect(id, channelName(), code);
            return done();
        }
    }

    @BeforeAll
    static void start() {
        layer = new InMemoryChannelLayer();
        server = EmbeddedServer.builder().channelLayer(layer).endpoint(SyncTracked.class, AsyncTracked.class)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        layer.close();
    }

    /** A connected client, with its id and the channel its consumer reported. */
    private record Connected(WebsocketClient client, String id, String channel) {
    }

    private static Connected connect(String kind) {
        String id = Reports.newId();
        WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/tracked/" + kind + "/?id=" + id));
        String channel = client.receiveText();
        assertThat(layer.groupMembers(CLASS_GROUP).toCompletableFuture().join()).contains(channel);
        assertThat(layer.groupMembers(ownGroup(id)).toCompletableFuture().join()).containsExactly(channel);
        return new Connected(client, id, channel);
    }

    /** Checks disconnect ran once with {@code code} while still in its groups, and that it left them afterwards. */
    private static void assertDisconnectedOnceWith(Connected c, int code) {
        assertThat(Reports.awaitExactlyOnce(c.id(), "disconnect")).isEqualTo(code);
        assertThat(Reports.all(c.id(), "member during disconnect")).containsExactly(true);
        await("consumer leaving its groups").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> {
                    assertThat(layer.groupMembers(CLASS_GROUP).toCompletableFuture().join()).doesNotContain(c.channel());
                    assertThat(layer.groupMembers(ownGroup(c.id())).toCompletableFuture().join()).isEmpty();
                });
        await("no connection left open").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> server.openConnections() == 0);
    }

    /** One way a connection ends with a close frame: what the client does, and the code both sides see. */
    private record Ending(String name, Consumer<WebsocketClient> act, int code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> closingWays() {
        List<Ending> endings = List.of(
                new Ending("the client closes", client -> client.close(4001), 4001),
                new Ending("the consumer closes", client -> client.send("close"), 4000),
                new Ending("the consumer closes and the client answers with another code",
                        client -> client.answerCloseWith(4999).send("close"), 4000),
                new Ending("a handler throws", client -> client.send("boom"), 1011));
        return Stream.of("sync", "async").flatMap(kind -> endings.stream().map(e -> Arguments.of(kind, e)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("closingWays")
    void disconnectRunsOnceWithTheCodeOfTheCloseTheClientSees(String kind, Ending ending) {
        Connected c = connect(kind);
        try (WebsocketClient client = c.client()) {
            ending.act().accept(client);
            assertThat(client.awaitClose()).isEqualTo(ending.code());
        }
        assertDisconnectedOnceWith(c, ending.code());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async"})
    void aClientThatVanishesWithoutACloseFrameStillGetsDisconnectOnceWith1006(String kind) {
        Connected c = connect(kind);
        c.client().send("are you there?");
        assertThat(c.client().receiveText()).isEqualTo("echo are you there?");
        c.client().abort();
        assertDisconnectedOnceWith(c, 1006);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async"})
    void aGroupSendAfterDisconnectReachesNobody(String kind) {
        Connected c = connect(kind);
        try (WebsocketClient client = c.client()) {
            client.close(1000);
            client.awaitClose();
        }
        assertDisconnectedOnceWith(c, 1000);
        GroupSendResult result = layer.groupSend(ownGroup(c.id()), Map.of("type", "anything"))
                .toCompletableFuture().join();
        assertThat(result.delivered()).isZero();
        assertThat(layer.stats().channels()).isZero();
    }
}
