package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Origin checks on the embedded server: by default only the server's own origin (and clients
 * without an Origin header) get in; a list (the setting, or an endpoint's own) replaces that, and
 * {@code *} opens it; refusals are HTTP 403 before any consumer exists; a malformed list stops
 * {@code start()}.
 */
class OriginCheckIT {

    static final AtomicInteger CREATED = new AtomicInteger();

    /** Counts its instances, so a test can tell that no consumer code ran. */
    public abstract static class Counted extends WebsocketConsumer {
        protected Counted() {
            CREATED.incrementAndGet();
        }

        @Override
        protected void connect() {
            accept();
            send("welcome");
        }
    }

    /** One endpoint's own list. */
    public static class ChatOrigins extends ConsumerConfigurator {
        @Override
        protected List<String> allowedOrigins() {
            return List.of("https://chat.example.com");
        }
    }

    /** A list with an entry that is no origin. */
    public static class MalformedOrigins extends ConsumerConfigurator {
        @Override
        protected List<String> allowedOrigins() {
            return List.of("https://chat.example.com", "chat.example.com");
        }
    }

    @ServerEndpoint(value = "/ws/own-list/", configurator = ChatOrigins.class)
    public static class OwnList extends Counted {
    }

    @ServerEndpoint(value = "/ws/default/", configurator = ConsumerConfigurator.class)
    public static class Default extends Counted {
    }

    @ServerEndpoint(value = "/ws/malformed/", configurator = MalformedOrigins.class)
    public static class Malformed extends Counted {
    }

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.with(b -> b.endpoint(OwnList.class, Default.class));

    @AfterEach
    void clearSetting() {
        System.clearProperty(ConsumerConfigurator.ALLOWED_ORIGINS);
    }

    private static String ownOrigin() {
        return "http://127.0.0.1:" + SERVER.server().port();
    }

    private static WebsocketClient.Builder connecting(URI uri, Map<String, String> headers) {
        WebsocketClient.Builder connecting = WebsocketClient.to(uri);
        headers.forEach(connecting::header);
        return connecting;
    }

    /** Checks that the handshake is refused with 403 before any consumer is created; {@code what} says why. */
    private static void assertRefused(URI uri, Map<String, String> headers, String what) {
        int before = CREATED.get();
        assertThat(connecting(uri, headers).refusedStatus()).as(what).isEqualTo(403);
        assertThat(CREATED.get()).as("consumers created by the refused handshake: " + what).isEqualTo(before);
    }

    private static void assertRefused(String path, Map<String, String> headers, String what) {
        assertRefused(SERVER.ws(path), headers, what);
    }

    private static void assertWelcomed(URI uri, Map<String, String> headers) {
        try (WebsocketClient client = connecting(uri, headers).connect()) {
            assertThat(client.receiveText()).as(uri + " " + headers).isEqualTo("welcome");
        }
    }

    private static void assertWelcomed(String path, Map<String, String> headers) {
        assertWelcomed(SERVER.ws(path), headers);
    }

    @Test
    void byDefaultTheServersOwnOriginIsAcceptedAnotherRefusedWith403AndNoOriginAccepted() {
        assertWelcomed("ws/default/", Map.of("Origin", ownOrigin()));
        assertRefused("ws/default/", Map.of("Origin", "http://evil.example"), "another host");
        assertRefused("ws/default/", Map.of("Origin", "https://127.0.0.1:" + SERVER.server().port()),
                "the same host and port over another scheme");
        assertRefused("ws/default/", Map.of("Origin", "http://127.0.0.1:1"), "another port");
        assertRefused("ws/default/", Map.of("Origin", "null"), "an opaque origin");
        assertWelcomed("ws/default/", Map.of());
        assertWelcomed("ws/default/", Map.of("Origin", ownOrigin()));
    }

    @Test
    void theOwnOriginIsTheHostTheClientAddressedNotTheBoundAddress() {
        URI viaLocalhost = URI.create("ws://localhost:" + SERVER.server().port() + "/ws/default/");
        assertWelcomed(viaLocalhost, Map.of("Origin", "http://localhost:" + SERVER.server().port()));
        assertRefused(viaLocalhost, Map.of("Origin", ownOrigin()),
                "a page of 127.0.0.1 connecting to localhost is another origin");
    }

    @Test
    void theSettingReplacesTheDefaultAtEachHandshake() {
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "https://a.example, http://*.example.org:8080");
        assertRefused("ws/default/", Map.of("Origin", "http://evil.example"), "not listed");
        assertRefused("ws/default/", Map.of("Origin", ownOrigin()), "the own origin, not listed");
        assertRefused("ws/default/", Map.of(), "no Origin header, once a list is set");
        assertWelcomed("ws/default/", Map.of("Origin", "https://a.example"));
        assertWelcomed("ws/default/", Map.of("Origin", "http://chat.example.org:8080"));
    }

    @Test
    void aStarSettingAcceptsEveryOriginAndRequestsWithoutOne() {
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "*");
        assertWelcomed("ws/default/", Map.of("Origin", "http://evil.example"));
        assertWelcomed("ws/default/", Map.of("Origin", "null"));
        assertWelcomed("ws/default/", Map.of());
    }

    @Test
    void anEndpointsOwnListRefusesAnotherOriginWith403BeforeAnyConsumerIsCreated() {
        assertRefused("ws/own-list/", Map.of("Origin", "https://evil.example"), "not listed");
        assertRefused("ws/own-list/", Map.of("Origin", ownOrigin()), "the own origin, not listed");
        assertRefused("ws/own-list/", Map.of(), "no Origin header");
        assertWelcomed("ws/own-list/", Map.of("Origin", "https://chat.example.com"));
    }

    @Test
    void anEndpointsOwnListWinsOverTheSetting() {
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "*");
        assertRefused("ws/own-list/", Map.of("Origin", "https://evil.example"), "not on the endpoint's list");
        assertWelcomed("ws/own-list/", Map.of("Origin", "https://chat.example.com"));
    }

    @Test
    void aSettingMadeMalformedAfterTheStartRefusesHandshakesWith403AndIsLoggedOnce() {
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "https://a.example, a.example");
            assertRefused("ws/default/", Map.of("Origin", "https://a.example"), "the list is malformed");
            assertRefused("ws/default/", Map.of(), "the list is malformed, no Origin header");
            assertThat(log.awaitRecord("'a.example'").getLevel()).isEqualTo(Level.SEVERE);
            assertThat(log.records()).filteredOn(r -> r.getMessage().contains("'a.example'")).hasSize(1);
        }
        System.clearProperty(ConsumerConfigurator.ALLOWED_ORIGINS);
        assertWelcomed("ws/default/", Map.of("Origin", ownOrigin()));
    }

    @Test
    void aMalformedSettingStopsTheStartNamingTheSettingAndTheEntry() {
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "https://chat.example.com, chat.example.com");
        EmbeddedServer server = EmbeddedServer.builder().cdi(false).endpoint(Default.class).build();
        assertThatThrownBy(server::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ConsumerConfigurator.ALLOWED_ORIGINS).hasMessageContaining("'chat.example.com'");
        assertThat(server.port()).as("nothing bound").isEqualTo(-1);
    }

    @Test
    void aMalformedEndpointListStopsTheStartNamingTheEndpointAndTheEntry() {
        EmbeddedServer server = EmbeddedServer.builder().cdi(false).endpoint(Default.class, Malformed.class).build();
        assertThatThrownBy(server::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Malformed.class.getName()).hasMessageContaining("'chat.example.com'");
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void aStarIsLoggedAsAWarningOnceAtStart() {
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "*");
        try (RecordingLogHandler log = RecordingLogHandler.attach();
             EmbeddedServer server = EmbeddedServer.builder().cdi(false).endpoint(Default.class).build().start()) {
            assertThat(log.awaitRecord("every web page").getLevel()).isEqualTo(Level.WARNING);
            try (WebsocketClient client = WebsocketClient.to(server.wsUri().resolve("ws/default/"))
                    .header("Origin", "http://evil.example").connect()) {
                assertThat(client.receiveText()).isEqualTo("welcome");
            }
            assertThat(log.records()).filteredOn(r -> r.getMessage().contains("every web page")).hasSize(1);
        }
    }
}
