package io.channels4j.examples.chat.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.examples.chat.container.probe.ProbeIdentityStore;
import io.channels4j.examples.chat.container.probe.WhoAmIConsumer;
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

    private static final String NOTIFY = "{\"notify\"";

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
        try (Socket first = Socket.connect(ws("ws/chat/news/")); Socket second = Socket.connect(ws("ws/syncchat/news/"));
             Socket other = Socket.connect(ws("ws/chat/sports/"))) {
            for (Socket joined : new Socket[] {first, second, other}) {
                assertThat(joined.text()).startsWith(NOTIFY);
            }
            HttpResponse<String> posted = Server.send(HttpRequest.newBuilder(http("api/rooms/news/messages"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("breaking")));
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(posted.body()).isEqualTo("delivered 2");
            assertThat(first.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"breaking\"}");
            assertThat(second.textSkipping(NOTIFY)).isEqualTo("{\"message\":\"breaking\"}");
            assertThat(other.silentForChat(Duration.ofMillis(500))).isTrue();
        }
    }

    @Test
    void theScopeShowsPathRouteQueryHeadersCookiesAndTheHttpSession() {
        HttpResponse<String> started = Server.send(HttpRequest.newBuilder(http("probe/session?value=kept")).GET());
        String sessionId = started.body();
        String sessionCookie = started.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow().split(";")[0];
        try (Socket socket = Socket.connect(ws("ws/scope/caf%C3%A9/?token=abc&tag=a&tag=b"),
                Map.of("X-Probe", "hello", "Cookie", sessionCookie + "; theme=dark"))) {
            String report = socket.text();
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
        assertThat(Socket.refusal(ws("ws/secure/"), Map.of())).isEqualTo(401);
        assertThat(Socket.refusal(ws("ws/secure/"), Map.of("Authorization", basic("alice", "guess")))).isEqualTo(401);
        try (Socket socket = Socket.connect(ws("ws/secure/"),
                Map.of("Authorization", basic(ProbeIdentityStore.USER, ProbeIdentityStore.PASSWORD)))) {
            assertThat(socket.text()).isEqualTo("hello alice");
        }
    }

    @Test
    void aConsumerOutsideTheConstraintDeniesAnonymousUsersWith4401AndSeesAuthenticatedOnes() {
        try (Socket anonymous = Socket.connect(ws("ws/whoami/"))) {
            assertThat(anonymous.closeCode()).isEqualTo(WhoAmIConsumer.LOGIN_REQUIRED);
        }
        try (Socket alice = Socket.connect(ws("ws/whoami/"),
                Map.of("Authorization", basic(ProbeIdentityStore.USER, ProbeIdentityStore.PASSWORD)))) {
            assertThat(alice.text()).isEqualTo("you are alice");
        }
    }

    @Test
    void anotherOriginIsRefusedWith403BeforeAnyConsumerIsCreated() {
        String createdBefore = Server.get(http("probe/origin"));
        assertThat(Socket.refusal(ws("ws/origin/"), Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        assertThat(Socket.refusal(ws("ws/origin/"), Map.of())).as("no Origin header").isEqualTo(403);
        assertThat(Server.get(http("probe/origin"))).isEqualTo(createdBefore);
        try (Socket allowed = Socket.connect(ws("ws/origin/"), Map.of("Origin", "https://chat.example.com"))) {
            assertThat(allowed.text()).isEqualTo("welcome");
        }
    }

    @Test
    void anInheritedConsumerEchoesTextAndBinaryAndItsDisconnectGetsTheClientsCode() {
        try (Socket socket = Socket.connect(ws("ws/lifecycle/polite/"))) {
            assertThat(socket.text()).isEqualTo("joined polite");
            socket.send("ping");
            assertThat(socket.text()).isEqualTo("echo ping");
            socket.send(new byte[] {1, 2, 3});
            assertThat(socket.bytes()).containsExactly(1, 2, 3);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(probeLog()).contains("connect polite\n").contains("disconnect polite 1000"));
    }

    @Test
    void disconnectRunsWhenTheClientVanishesWithoutACloseFrame() {
        Socket socket = Socket.connect(ws("ws/lifecycle/vanishing/"));
        assertThat(socket.text()).isEqualTo("joined vanishing");
        socket.abort();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(probeLog()).contains("disconnect vanishing 1006"));
    }
}
