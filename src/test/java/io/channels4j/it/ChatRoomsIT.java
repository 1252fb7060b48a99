package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.TutorialChat;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two chat consumers, one async and one sync, sharing rooms over real sockets. */
class ChatRoomsIT {

    /** The tutorial's chat consumer, as it is. */
    @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
    public static class AsyncChat extends TutorialChat {
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
                .until(() -> layer.groupMembers("chat_" + room).toCompletableFuture().join().size() == n);
    }

    /** {@code speaker} sends {@code message} to its room; each of {@code hearers}, in turn, receives it next. */
    private static void say(WebsocketClient speaker, String message, WebsocketClient... hearers) {
        speaker.send("{\"message\": \"" + message + "\"}");
        for (WebsocketClient hearer : hearers) {
            assertThat(hearer.receiveText()).isEqualTo("{\"message\":\"" + message + "\"}");
        }
    }

    @Test
    void twoClientsInARoomSeeEachOthersMessagesAndAnotherRoomSeesNone() {
        try (WebsocketClient alice = WebsocketClient.connect(ws("ws/chat/lobby/"));
             WebsocketClient bob = WebsocketClient.connect(ws("ws/chat/lobby/"));
             WebsocketClient carol = WebsocketClient.connect(ws("ws/chat/other/"))) {
            awaitMembers("lobby", 2);
            awaitMembers("other", 1);
            say(alice, "hello", alice, bob);
            say(bob, "hi alice", alice, bob);
            assertThat(carol.receiveNothing(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void syncAndAsyncConsumersShareARoom() {
        try (WebsocketClient async = WebsocketClient.connect(ws("ws/chat/mixed/"));
             WebsocketClient sync = WebsocketClient.connect(ws("ws/syncchat/mixed/"))) {
            awaitMembers("mixed", 2);
            say(sync, "from sync", async, sync);
            say(async, "from async", sync, async);
        }
    }

    @Test
    void koreanTextRoundTripsExactly() {
        String text = "안녕하세요, 채널! 🎉 — ünïcödé";
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/chat/seoul/"))) {
            say(client, text, client);
        }
    }

    @Test
    void aRoomNameThatIsNoValidGroupNameClosesOnlyThatConnectionWith1011() {
        try (WebsocketClient good = WebsocketClient.connect(ws("ws/chat/fine/"));
             WebsocketClient bad = WebsocketClient.connect(ws("ws/chat/%EC%84%9C%EC%9A%B8/"))) {
            assertThat(bad.awaitClose()).isEqualTo(1011);
            say(good, "still here", good);
        }
    }
}
