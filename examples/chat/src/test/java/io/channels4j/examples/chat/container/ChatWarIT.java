package io.channels4j.examples.chat.container;

import static io.channels4j.examples.chat.container.ChatFrames.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chat example's WAR, unchanged, in a real server: rooms, the sync and async endpoints, pages, stats. */
@ExtendWith(ArquillianExtension.class)
class ChatWarIT {

    @Deployment(testable = false)
    static WebArchive chat() {
        return Deployments.chatWar();
    }

    @ArquillianResource
    URL deployment;

    /** A client of {@code endpoint} ({@code chat} or {@code syncchat}) that has joined {@code room}. */
    private WebsocketClient joined(String endpoint, String room) {
        return ChatFrames.joined(Server.connect(Server.ws(deployment, "chat").resolve("ws/" + endpoint + "/" + room + "/")));
    }

    @Test
    void twoClientsInOneRoomExchangeMessagesAndAnotherRoomHearsNothing() {
        try (WebsocketClient alice = joined("chat", "lobby"); WebsocketClient bob = joined("chat", "lobby");
             WebsocketClient carol = joined("chat", "elsewhere")) {
            alice.send("{\"message\": \"hi bob\"}");
            assertThat(bob.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"hi bob\"}");
            assertThat(alice.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"hi bob\"}");
            bob.send("{\"message\": \"hi alice\"}");
            assertThat(alice.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"hi alice\"}");
            carol.send("{\"message\": \"anyone?\"}");
            assertThat(carol.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"anyone?\"}");
            assertThat(bob.receiveTextMatching(CHAT)).as("bob's next chat message is alice's, not carol's")
                    .isEqualTo("{\"message\":\"hi alice\"}");
            assertThat(alice.pollTextMatching(CHAT, Duration.ofMillis(500))).as("nothing from the other room").isEmpty();
        }
    }

    @Test
    void theSyncEndpointSharesTheRoomsOfTheAsyncOne() {
        try (WebsocketClient async = joined("chat", "mixed"); WebsocketClient sync = joined("syncchat", "mixed")) {
            sync.send("{\"message\": \"from the sync twin\"}");
            assertThat(async.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"from the sync twin\"}");
            assertThat(sync.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"from the sync twin\"}");
            async.send("{\"message\": \"from the async one\"}");
            assertThat(sync.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"from the async one\"}");
        }
    }

    @Test
    void aBadPayloadGetsAnErrorFrameAndInvalidJsonCloses1007OnBothEndpoints() {
        for (String endpoint : new String[] {"chat", "syncchat"}) {
            try (WebsocketClient client = joined(endpoint, "bad")) {
                client.send("{\"message\": 42}");
                assertThat(client.receiveTextMatching(CHAT)).startsWith("{\"error\"").contains("must be a string");
                client.send("{not json");
                assertThat(client.awaitClose()).isEqualTo(1007);
            }
        }
    }

    @Test
    void koreanRoomsWorkOnBothEndpointsAndStayApart() {
        String seoul = "%EC%84%9C%EC%9A%B8";
        try (WebsocketClient async = joined("chat", seoul); WebsocketClient sync = joined("syncchat", seoul);
             WebsocketClient bang = joined("chat", "%EB%B0%A9")) {
            sync.send("{\"message\": \"서울에서 안녕\"}");
            assertThat(async.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"서울에서 안녕\"}");
            assertThat(sync.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"서울에서 안녕\"}");
            bang.send("{\"message\": \"방에서\"}");
            assertThat(bang.receiveTextMatching(CHAT)).as("방's next chat message is its own, nothing from 서울")
                    .isEqualTo("{\"message\":\"방에서\"}");
            async.send("{\"message\": \"again\"}");
            assertThat(sync.receiveTextMatching(CHAT)).as("서울's next chat message is 서울's, nothing from 방")
                    .isEqualTo("{\"message\":\"again\"}");
        }
    }

    @Test
    void theRoomSocketCarriesNoNotificationsAndTheNotificationsSocketOnlyItsRoomsJoins() {
        URI base = Server.ws(deployment, "chat");
        try (WebsocketClient seoulReader = Server.connect(base.resolve("ws/notifications/%EC%84%9C%EC%9A%B8/"));
             WebsocketClient lobbyReader = Server.connect(base.resolve("ws/notifications/readers-lobby/"))) {
            assertThat(seoulReader.receiveText()).as("the pending notifications, sent once listening").startsWith("{\"notify\":[");
            assertThat(lobbyReader.receiveText()).startsWith("{\"notify\":[");
            try (WebsocketClient lobby = joined("chat", "readers-lobby"); WebsocketClient seoul = joined("syncchat", "%EC%84%9C%EC%9A%B8")) {
                assertThat(lobbyReader.receiveText()).isEqualTo("{\"notify\":[\"someone joined readers-lobby\"]}");
                assertThat(seoulReader.receiveText()).as("the lobby's join never reached 서울's reader")
                        .contains("someone joined 서울").doesNotContain("lobby");
                lobby.send("{\"message\": \"last\"}");
                assertThat(lobby.receiveText()).as("the room socket's next frame is the message, no notification")
                        .isEqualTo("{\"message\":\"last\"}");
                lobby.assertNothingLeftOver();
            }
        }
    }

    @Test
    void presenceListsTheNamedClientsOfBothEndpointsAndTheMembersSocketHearsTheDiffs() {
        URI base = Server.ws(deployment, "chat");
        URI members = Server.http(deployment, "chat").resolve("chat/war-presence/members");
        try (WebsocketClient widget = Server.connect(base.resolve("ws/members/war-presence/"))) {
            assertThat(widget.receiveText()).as("the view, at once").contains("\"count\":0");
            try (WebsocketClient ada = ChatFrames.joined(Server.connect(base.resolve("ws/chat/war-presence/?name=Ada")));
                 WebsocketClient bob = ChatFrames.joined(Server.connect(base.resolve("ws/syncchat/war-presence/?name=Bob")))) {
                assertThat(widget.receiveTextMatching(f -> f.contains("\"joins\":{\"Ada\":1}"))).contains("\"count\":1");
                assertThat(widget.receiveTextMatching(f -> f.contains("\"joins\":{\"Bob\":1}"))).contains("\"count\":2");
                assertThat(Server.get(members)).contains("\"count\":2", "\"name\":\"Ada\"", "\"name\":\"Bob\"",
                        "\"room\":\"war-presence\"");
                bob.close();
                assertThat(widget.receiveTextMatching(f -> f.contains("\"leaves\":{\"Bob\":1}"))).contains("\"count\":1");
                assertThat(Server.get(members)).contains("\"count\":1").doesNotContain("Bob");
            }
        }
    }

    @Test
    void theWarServesThePagesAndTheStatsWhichReturnToZeroWhenClientsLeave() {
        URI base = Server.http(deployment, "chat");
        assertThat(Server.get(base.resolve("chat/"))).contains("<html");
        assertThat(Server.get(base.resolve("chat/lobby/"))).contains("<html");
        assertThat(Server.get(base.resolve("static/chat.css"))).isNotEmpty();
        try (WebsocketClient client = joined("chat", "stats")) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Server.get(base.resolve("stats"))).as("earlier tests' clients are gone; this one counts")
                            .contains("\"connections\":1,"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Server.get(base.resolve("stats")))
                .contains("\"connections\":0,\"groups\":0,\"channels\":0"));
    }
}
