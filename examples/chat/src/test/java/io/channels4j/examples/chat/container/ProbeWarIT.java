package io.channels4j.examples.chat.container;

import static io.channels4j.examples.chat.container.ChatFrames.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.examples.chat.container.probe.ProbeIdentityStore;
import io.channels4j.examples.chat.container.probe.WhoAmIConsumer;
import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chat WAR plus test probes in a real server: CDI (a JAX-RS resource sending through the
 * injected layer), the scope a real handshake gives, authentication, origin checks, and the
 * lifecycle of inherited consumers.
 */
@ExtendWith(ArquillianExtension.class)
class ProbeWarIT {

    @Deployment(testable = false)
    static WebArchive probe() {
        return Deployments.probeWar("probe");
    }

    @ArquillianResource
    URL deployment;

    private URI ws(String path) {
        return Server.ws(deployment, "probe").resolve(path);
    }

    private URI http(String path) {
        return Server.http(deployment, "probe").resolve(path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String probeLog() {
        return Server.get(http("probe/log"));
    }

    @Test
    void aRestResourceWithTheInjectedLayerSendsIntoARoomAndOnlyThatRoomsSocketsGetIt() {
        try (WebsocketClient first = ChatFrames.joined(Server.connect(ws("ws/chat/news/")));
             WebsocketClient second = ChatFrames.joined(Server.connect(ws("ws/syncchat/news/")));
             WebsocketClient other = ChatFrames.joined(Server.connect(ws("ws/chat/sports/")))) {
            HttpResponse<String> posted = Server.send(HttpRequest.newBuilder(http("api/rooms/news/messages"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("breaking")));
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(posted.body()).isEqualTo("delivered 2");
            assertThat(first.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"breaking\"}");
            assertThat(second.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"breaking\"}");
            assertThat(other.pollTextMatching(CHAT, Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void aRestResourceAddressesAKoreanRoomByItsName() {
        try (WebsocketClient seoul = ChatFrames.joined(Server.connect(ws("ws/chat/%EC%84%9C%EC%9A%B8/")))) {
            HttpResponse<String> posted = Server.send(HttpRequest.newBuilder(http("api/rooms/%EC%84%9C%EC%9A%B8/messages"))
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString("속보", StandardCharsets.UTF_8)));
            assertThat(posted.body()).isEqualTo("delivered 1");
            assertThat(seoul.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"속보\"}");
        }
    }

    @Test
    void theScopeShowsPathRouteQueryHeadersCookiesAndTheHttpSession() {
        HttpResponse<String> started = Server.send(HttpRequest.newBuilder(http("probe/session?value=kept")).GET());
        String sessionId = started.body();
        String sessionCookie = started.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow().split(";")[0];
        try (WebsocketClient socket = Server.connect(ws("ws/scope/caf%C3%A9/?token=abc&tag=a&tag=b"),
                Map.of("X-Probe", "hello", "Cookie", sessionCookie + "; theme=dark"))) {
            String report = socket.receiveText();
            assertThat(report)
                    .contains("\"path\":\"" + "/probe" + "/ws/scope/café/\"")
                    .contains("\"rawPath\":\"" + "/probe" + "/ws/scope/caf%C3%A9/\"")
                    .contains("\"queryString\":\"token=abc&tag=a&tag=b\"")
                    .contains("\"queryParams\":{\"token\":[\"abc\"],\"tag\":[\"a\",\"b\"]}")
                    .contains("\"kwargs\":{\"room\":\"café\"}")
                    .contains("\"probeHeader\":\"hello\"")
                    .contains("\"theme\":\"dark\"")
                    .contains("\"session\":\"" + sessionId + " kept\"")
                    .contains("\"user\":\"\"")
                    .contains("\"layerSetting\":\"memory\"");
            if (Server.isPayara()) {
                assertThat(report).as("Tyrus tells the client's host (not its port) and the server's address")
                        .contains("\"client\":\"127.0.0.1:-1\"").contains(":" + deployment.getPort() + "\"");
            } else {
                assertThat(report).as("Undertow tells neither address").contains("\"client\":\"\",\"server\":\"\"");
            }
        }
    }

    @Test
    void theProtectedEndpointRefusesAnonymousAndWrongPasswordsWith401AndNamesTheUser() {
        assertThat(Server.refusedStatus(ws("ws/secure/"), Map.of())).isEqualTo(401);
        assertThat(Server.refusedStatus(ws("ws/secure/"), Map.of("Authorization", basic("alice", "guess")))).isEqualTo(401);
        try (WebsocketClient socket = Server.connect(ws("ws/secure/"),
                Map.of("Authorization", basic(ProbeIdentityStore.USER, ProbeIdentityStore.PASSWORD)))) {
            assertThat(socket.receiveText()).isEqualTo("hello alice");
        }
    }

    @Test
    void aConsumerOutsideTheConstraintDeniesAnonymousUsersWith4401AndSeesAuthenticatedOnes() {
        try (WebsocketClient anonymous = Server.connect(ws("ws/whoami/"))) {
            assertThat(anonymous.awaitClose()).isEqualTo(WhoAmIConsumer.LOGIN_REQUIRED);
        }
        try (WebsocketClient alice = Server.connect(ws("ws/whoami/"),
                Map.of("Authorization", basic(ProbeIdentityStore.USER, ProbeIdentityStore.PASSWORD)))) {
            assertThat(alice.receiveText()).isEqualTo("you are alice");
        }
    }

    @Test
    void anotherOriginIsRefusedWith403BeforeAnyConsumerIsCreated() {
        String createdBefore = Server.get(http("probe/origin"));
        assertThat(Server.refusedStatus(ws("ws/origin/"), Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        assertThat(Server.refusedStatus(ws("ws/origin/"), Map.of())).as("no Origin header").isEqualTo(403);
        assertThat(Server.get(http("probe/origin"))).isEqualTo(createdBefore);
        try (WebsocketClient allowed = Server.connect(ws("ws/origin/"), Map.of("Origin", "https://chat.example.com"))) {
            assertThat(allowed.receiveText()).isEqualTo("welcome");
        }
    }

    @Test
    void anInheritedConsumerEchoesTextAndBinaryAndItsDisconnectGetsTheClientsCode() {
        try (WebsocketClient socket = Server.connect(ws("ws/lifecycle/polite/"))) {
            assertThat(socket.receiveText()).isEqualTo("joined polite");
            socket.send("ping");
            assertThat(socket.receiveText()).isEqualTo("echo ping");
            socket.send(new byte[] {1, 2, 3});
            assertThat(socket.receiveBytes()).containsExactly(1, 2, 3);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(probeLog()).contains("connect polite\n").contains("disconnect polite 1000"));
    }

    @Test
    void disconnectRunsWhenTheClientVanishesWithoutACloseFrame() {
        WebsocketClient socket = Server.connect(ws("ws/lifecycle/vanishing/"));
        assertThat(socket.receiveText()).isEqualTo("joined vanishing");
        socket.abort();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(probeLog()).contains("disconnect vanishing 1006"));
    }
}
