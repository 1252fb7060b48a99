package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.WsClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Endpoints with allowed origins refuse other origins with HTTP 403 before any consumer exists. */
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

    @ServerEndpoint(value = "/ws/own-list/", configurator = ChatOrigins.class)
    public static class OwnList extends Counted {
    }

    @ServerEndpoint(value = "/ws/setting/", configurator = ConsumerConfigurator.class)
    public static class FromSetting extends Counted {
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.builder().endpoint(OwnList.class).endpoint(FromSetting.class).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void clearSetting() {
        System.clearProperty(ConsumerConfigurator.ALLOWED_ORIGINS);
    }

    private static URI ws(String path) {
        return server.wsUri().resolve(path);
    }

    private static int refusalStatus(String path, Map<String, String> headers) {
        Throwable failure = catchThrowable(() -> WsClient.connect(ws(path), List.of(), headers).close());
        assertThat(failure).as("the handshake should have been refused").isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    @Test
    void anEndpointsOwnListRefusesAnotherOriginWith403BeforeAnyConsumerIsCreated() {
        int before = CREATED.get();
        assertThat(refusalStatus("ws/own-list/", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        assertThat(refusalStatus("ws/own-list/", Map.of())).as("no Origin header").isEqualTo(403);
        assertThat(CREATED.get()).isEqualTo(before);
    }

    @Test
    void anEndpointsOwnListLetsItsOriginIn() {
        try (WsClient client = WsClient.connect(ws("ws/own-list/"), List.of(),
                Map.of("Origin", "https://chat.example.com"))) {
            assertThat(client.receive()).isEqualTo("welcome");
        }
    }

    @Test
    void theSettingAppliesToEndpointsWithThePlainConfiguratorAtEachHandshake() {
        try (WsClient anyOrigin = WsClient.connect(ws("ws/setting/"), List.of(), Map.of("Origin", "https://evil.example"))) {
            assertThat(anyOrigin.receive()).as("no setting: every origin").isEqualTo("welcome");
        }
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "https://a.example, http://127.0.0.1:8080");
        assertThat(refusalStatus("ws/setting/", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        try (WsClient listed = WsClient.connect(ws("ws/setting/"), List.of(), Map.of("Origin", "http://127.0.0.1:8080"))) {
            assertThat(listed.receive()).isEqualTo("welcome");
        }
    }
}
