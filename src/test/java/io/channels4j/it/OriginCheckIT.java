package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.with(b -> b.endpoint(OwnList.class, FromSetting.class));

    @AfterEach
    void clearSetting() {
        System.clearProperty(ConsumerConfigurator.ALLOWED_ORIGINS);
    }

    private static URI ws(String path) {
        return SERVER.ws(path);
    }

    private static int refusalStatus(String path, Map<String, String> headers) {
        WebsocketClient.Builder connecting = WebsocketClient.to(ws(path));
        headers.forEach(connecting::header);
        return connecting.refusedStatus();
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
        try (WebsocketClient client = WebsocketClient.to(ws("ws/own-list/"))
                .header("Origin", "https://chat.example.com").connect()) {
            assertThat(client.receiveText()).isEqualTo("welcome");
        }
    }

    @Test
    void theSettingAppliesToEndpointsWithThePlainConfiguratorAtEachHandshake() {
        try (WebsocketClient anyOrigin = WebsocketClient.to(ws("ws/setting/"))
                .header("Origin", "https://evil.example").connect()) {
            assertThat(anyOrigin.receiveText()).as("no setting: every origin").isEqualTo("welcome");
        }
        System.setProperty(ConsumerConfigurator.ALLOWED_ORIGINS, "https://a.example, http://127.0.0.1:8080");
        assertThat(refusalStatus("ws/setting/", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        try (WebsocketClient listed = WebsocketClient.to(ws("ws/setting/"))
                .header("Origin", "http://127.0.0.1:8080").connect()) {
            assertThat(listed.receiveText()).isEqualTo("welcome");
        }
    }
}
