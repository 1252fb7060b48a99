package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.support.WsClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two chat consumers, one async and one sync, sharing rooms over real sockets. */
class ChatRoomsIT {

    @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
    public static class AsyncChat extends AsyncJsonWebsocketConsumer {
        private String group;

        @Override
        protected CompletionStage<Void> connect() {
            group = "chat_" + scope().urlRoute().kwargs().get("room_name");
            return groupAdd(group).thenCompose(v -> accept());
        }

        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            Object message = ((Map<?, ?>) content).get("message");
            return groupSend(group, Map.of("type", "chat.message", "message", message)).thenApply(r -> null);
        }

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            return sendJson(Map.of("message", event.get("message")));
        }
    }

    @ServerEndpoint(value = "/ws/syncchat/{room_name}/", configurator = ConsumerConfigurator.class)
    public static class SyncChat extends JsonWebsocketConsumer {
        private String group;

        @Override
        protected void connect() {
            group = "chat_" + scope().urlRoute().kwargs().get("room_name");
            groupAdd(group);
            accept();
        }

        @Override
        protected void receiveJson(Object content) {
            groupSend(group, Map.of("type", "chat.message", "message", ((Map<?, ?>) content).get("message")));
        }

        void chat_message(Map<String, Object> event) {
            sendJson(Map.of("message", event.get("message")));
        }
    }

    private static final InMemoryChannelLayer LAYER = new InMemoryChannelLayer();

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.with(b -> b.endpoint(AsyncChat.class, SyncChat.class).channelLayer(LAYER));

    private static URI ws(String path) {
        return SERVER.ws(path);
    }

    /**
     * Waits until {@code n} consumers have joined {@code room}: the handshake completes before
     * connect() runs, so a client can be connected before its consumer is in the room.
     */
    private static void awaitMembers(String room, int n) {
        InMemoryChannelLayer layer = LAYER;
        await("members of " + room).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> layer.groupMembers("chat_" + room).size() == n);
    }

    @Test
    void twoClientsInARoomSeeEachOthersMessagesAndAnotherRoomSeesNone() {
        try (WsClient alice = WsClient.connect(ws("ws/chat/lobby/"));
             WsClient bob = WsClient.connect(ws("ws/chat/lobby/"));
             WsClient carol = WsClient.connect(ws("ws/chat/other/"))) {
            awaitMembers("lobby", 2);
            awaitMembers("other", 1);
            alice.send("{\"message\": \"hello\"}");
            assertThat(alice.receive()).isEqualTo("{\"message\":\"hello\"}");
            assertThat(bob.receive()).isEqualTo("{\"message\":\"hello\"}");
            bob.send("{\"message\": \"hi alice\"}");
            assertThat(alice.receive()).isEqualTo("{\"message\":\"hi alice\"}");
            assertThat(bob.receive()).isEqualTo("{\"message\":\"hi alice\"}");
            assertThat(carol.receivesNothing(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void syncAndAsyncConsumersShareARoom() {
        try (WsClient async = WsClient.connect(ws("ws/chat/mixed/"));
             WsClient sync = WsClient.connect(ws("ws/syncchat/mixed/"))) {
            awaitMembers("mixed", 2);
            sync.send("{\"message\": \"from sync\"}");
            assertThat(async.receive()).isEqualTo("{\"message\":\"from sync\"}");
            assertThat(sync.receive()).isEqualTo("{\"message\":\"from sync\"}");
            async.send("{\"message\": \"from async\"}");
            assertThat(sync.receive()).isEqualTo("{\"message\":\"from async\"}");
            assertThat(async.receive()).isEqualTo("{\"message\":\"from async\"}");
        }
    }

    @Test
    void koreanTextRoundTripsExactly() {
        String text = "안녕하세요, 채널! 🎉 — ünïcödé";
        try (WsClient client = WsClient.connect(ws("ws/chat/seoul/"))) {
            client.send("{\"message\": \"" + text + "\"}");
            assertThat(client.receive()).isEqualTo("{\"message\":\"" + text + "\"}");
        }
    }

    @Test
    void aRoomNameThatIsNoValidGroupNameClosesOnlyThatConnectionWith1011() {
        try (WsClient good = WsClient.connect(ws("ws/chat/fine/"));
             WsClient bad = WsClient.connect(ws("ws/chat/%EC%84%9C%EC%9A%B8/"))) {
            assertThat(bad.awaitClose()).isEqualTo(1011);
            good.send("{\"message\": \"still here\"}");
            assertThat(good.receive()).isEqualTo("{\"message\":\"still here\"}");
        }
    }
}
