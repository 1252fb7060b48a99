package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat example over real sockets: rooms (Korean ones too), the sync twin, bad payloads, stats. */
class ChatExampleIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(ChatServer::configure);

    /** A client of the async chat that has joined its room (its join probe came back). */
    private static Client chat(String room) {
        return Client.joined(SERVER.ws("ws/chat/" + room + "/"));
    }

    @Test
    void twoClientsInLobbySeeEachOthersMessagesAndOtherSeesNone() {
        try (Client alice = chat("lobby"); Client bob = chat("lobby"); Client carol = chat("other")) {
            alice.send("{\"message\": \"hi bob\"}");
            assertThat(alice.nextMessage()).isEqualTo("{\"message\":\"hi bob\"}");
            assertThat(bob.nextMessage()).isEqualTo("{\"message\":\"hi bob\"}");
            bob.send("{\"message\": \"hi alice\"}");
            assertThat(bob.nextMessage()).isEqualTo("{\"message\":\"hi alice\"}");
            assertThat(alice.nextMessage()).isEqualTo("{\"message\":\"hi alice\"}");
            assertThat(carol.noMessageWithin(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void syncAndAsyncEndpointsShareTheRooms() {
        try (Client async = chat("mixed"); Client sync = Client.joined(SERVER.ws("ws/syncchat/mixed/"))) {
            sync.send("{\"message\": \"from the sync twin\"}");
            assertThat(async.nextMessage()).isEqualTo("{\"message\":\"from the sync twin\"}");
            assertThat(sync.nextMessage()).isEqualTo("{\"message\":\"from the sync twin\"}");
            async.send("{\"message\": \"from the async one\"}");
            assertThat(sync.nextMessage()).isEqualTo("{\"message\":\"from the async one\"}");
        }
    }

    @Test
    void badPayloadsAreAnsweredWithAnErrorFrameAndTheConnectionStaysUsable() {
        for (String endpoint : new String[] {"ws/chat/bad/", "ws/syncchat/bad/"}) {
            try (Client client = Client.joined(SERVER.ws(endpoint))) {
                client.send("{\"text\": \"no message key\"}");
                assertThat(client.nextError()).contains("no \\\"message\\\"");
                client.send("{\"message\": 42}");
                assertThat(client.nextError()).contains("must be a string");
                client.send("{\"message\": \"" + "x".repeat(ChatProtocol.MAX_MESSAGE_CHARS + 1) + "\"}");
                assertThat(client.nextError()).contains("longer than 2000");
                client.send("[1, 2]");
                assertThat(client.nextError()).contains("JSON object");
                client.send("{}");
                assertThat(client.nextError()).contains("no \\\"message\\\"");
                client.send("[]");
                assertThat(client.nextError()).contains("JSON object");
                client.send("{\"message\": \"still fine\"}");
                assertThat(client.nextMessage()).isEqualTo("{\"message\":\"still fine\"}");
            }
        }
    }

    @Test
    void koreanRoomsWorkOnBothEndpointsInTheirDocumentedGroupsAndStayApart() {
        try (Client async = chat("%EC%84%9C%EC%9A%B8");
             Client sync = Client.joined(SERVER.ws("ws/syncchat/%EC%84%9C%EC%9A%B8/"));
             Client bang = chat("%EB%B0%A9")) {
            async.send("{\"message\": \"서울에서 안녕\"}");
            assertThat(async.nextMessage()).isEqualTo("{\"message\":\"서울에서 안녕\"}");
            assertThat(sync.nextMessage()).isEqualTo("{\"message\":\"서울에서 안녕\"}");
            bang.send("{\"message\": \"방에서\"}");
            assertThat(bang.nextMessage()).isEqualTo("{\"message\":\"방에서\"}");
            SERVER.server().channelLayer().groupSend("chat.uec849cec9ab8",
                    Map.of("type", "chat.message", "message", "to 서울 from elsewhere"));
            SERVER.server().channelLayer().groupSend("chat.uebb0a9",
                    Map.of("type", "chat.message", "message", "to 방"));
            assertThat(sync.nextMessage()).isEqualTo("{\"message\":\"to 서울 from elsewhere\"}");
            assertThat(async.nextMessage()).isEqualTo("{\"message\":\"to 서울 from elsewhere\"}");
            assertThat(bang.nextMessage()).as("방 heard nothing of 서울").isEqualTo("{\"message\":\"to 방\"}");
            assertThat(async.pollMessage(Duration.ZERO)).as("서울 heard nothing of 방").isNull();
        }
    }

    @Test
    void invalidJsonClosesWith1007AndARoomNameThatCannotBeMappedWith4400() {
        try (Client client = chat("json")) {
            client.send("{not json");
            assertThat(client.awaitClose()).isEqualTo(1007);
        }
        String tooLong = "%EC%84%9C".repeat(86);          // 86 x 서: 258 UTF-8 bytes
        for (String endpoint : new String[] {"chat", "syncchat", "notifications"}) {
            for (String room : new String[] {"%20", "%E3%80%80%09", tooLong}) {
                try (Client client = Client.connect(SERVER.ws("ws/" + endpoint + "/" + room + "/"))) {
                    assertThat(client.awaitClose()).as(endpoint + " " + room).isEqualTo(ChatProtocol.BAD_ROOM);
                }
            }
        }
        try (Client longest = chat("%EC%84%9C".repeat(85) + "a")) {   // 256 bytes: the longest name
            longest.send("{\"message\": \"fits\"}");
            assertThat(longest.nextMessage()).isEqualTo("{\"message\":\"fits\"}");
        }
    }

    @Test
    void statsShowConnectionsAndReturnToZeroWhenEveryoneLeft() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (Client a = chat("stats"); Client b = chat("stats")) {
            a.send("{\"message\": \"counted\"}");
            b.nextMessage();
            String stats = http.send(HttpRequest.newBuilder(SERVER.http("stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(stats).contains("\"connections\":2").contains("\"messagesIn\":").contains("\"dropped\":0");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String stats = http.send(HttpRequest.newBuilder(SERVER.http("stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(stats).contains("\"connections\":0,\"groups\":0,\"channels\":0");
        });
    }

    @Test
    void pagesAreServedOnTheSamePort() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> room = http.send(HttpRequest.newBuilder(SERVER.http("chat/lobby/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(room.statusCode()).isEqualTo(200);
        assertThat(room.body()).contains("id=\"chat-log\"").contains("chat-room.js");
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(SERVER.http("chat/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.body()).contains("room-name-input");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(SERVER.http("static/chat-room.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.body()).contains("Chat socket closed unexpectedly").contains("/ws/notifications/");
        assertThat(URI.create(SERVER.http("").toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
