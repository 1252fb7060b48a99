package io.channels4j.examples.chat.container;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static final String NOTIFY = "{\"notify\"";

    @Deployment(testable = false)
    static WebArchive chat() {
        return Deployments.chatWar();
    }

    @ArquillianResource
    URL deployment;

    /** A client of {@code endpoint} ({@code chat} or {@code syncchat}) that has joined {@code room}. */
    private Socket joined(String endpoint, String room) {
        Socket socket = Socket.connect(Server.ws(deployment, "chat").resolve("ws/" + endpoint + "/" + room + "/"));
        assertThat(socket.text()).as("first frame: the notifications, sent once joined").startsWith(NOTIFY);
        return socket;
    }

    @Test
    void twoClientsInOneRoomExchangeMessagesAndAnotherRoomHearsNothing() {
        try (Socket alice = joined("chat", "lobby"); Socket bob = joined("chat", "lobby");
             Socket carol = joined("chat", "elsewhere")) {
            alice.send("{\"message\": \"hi bob\"}");
            assertThat(bob.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"hi bob\"}");
            assertThat(alice.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"hi bob\"}");
            bob.send("{\"message\": \"hi alice\"}");
            assertThat(alice.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"hi alice\"}");
            carol.send("{\"message\": \"anyone?\"}");
            assertThat(carol.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"anyone?\"}");
            assertThat(bob.textSkipping(NOTIFY)).as("bob's next chat message is alice's, not carol's")
                    .isEqualTo("{\"message\":\"hi alice\"}");
            assertThat(alice.silentForChat(Duration.ofMillis(500))).as("nothing from the other room").isTrue();
        }
    }

    @Test
    void theSyncEndpointSharesTheRoomsOfTheAsyncOne() {
        try (Socket async = joined("chat", "mixed"); Socket sync = joined("syncchat", "mixed")) {
            sync.send("{\"message\": \"from the sync twin\"}");
            assertThat(async.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"from the sync twin\"}");
            assertThat(sync.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"from the sync twin\"}");
            async.send("{\"message\": \"from the async one\"}");
            assertThat(sync.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"from the async one\"}");
        }
    }

    @Test
    void aBadPayloadGetsAnErrorFrameAndInvalidJsonCloses1007OnBothEndpoints() {
        for (String endpoint : new String[] {"chat", "syncchat"}) {
            try (Socket client = joined(endpoint, "bad")) {
                client.send("{\"message\": 42}");
                assertThat(client.textSkipping(NOTIFY)).startsWith("{\"error\"").contains("must be a string");
                client.send("{not json");
                assertThat(client.closeCode()).isEqualTo(1007);
            }
        }
    }

    @Test
    void theWarServesThePagesAndTheStatsWhichReturnToZeroWhenClientsLeave() {
        URI base = Server.http(deployment, "chat");
        assertThat(Server.get(base.resolve("chat/"))).contains("<html");
        assertThat(Server.get(base.resolve("chat/lobby/"))).contains("<html");
        assertThat(Server.get(base.resolve("static/chat.css"))).isNotEmpty();
        try (Socket client = joined("chat", "stats")) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Server.get(base.resolve("stats"))).as("earlier tests' clients are gone; this one counts")
                            .contains("\"connections\":1,"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Server.get(base.resolve("stats")))
                .contains("\"connections\":0,\"groups\":0,\"channels\":0"));
    }
}
