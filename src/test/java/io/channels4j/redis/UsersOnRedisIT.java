package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.Users;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Users} across two embedded nodes on one Redis: {@code sendToUser} from either node reaches
 * the user's connections on both, and {@code disconnectUser} closes them on both nodes with the
 * given code and no one else's.
 */
class UsersOnRedisIT {

    private final String prefix = RedisTestSupport.uniquePrefix("users");
    private final List<RedisChannelLayer> layers = new ArrayList<>();
    private final List<EmbeddedServer> servers = new ArrayList<>();
    private final List<WebsocketClient> clients = new ArrayList<>();

    /** Knows its user from the query string and joins the user's group; forwards notices. */
    @ServerEndpoint("/ws/user/")
    public static class Notified extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            groupAdd(Users.group(scope().queryParam("user").orElseThrow()));
            accept();
        }

        void notice_message(Map<String, Object> event) {
            sendJson(Map.of("notice", event.get("text")));
        }
    }

    @BeforeAll
    static void redis() {
        RedisTestSupport.requireSharedRedis();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebsocketClient::close);
        servers.forEach(EmbeddedServer::stop);
        layers.forEach(RedisChannelLayer::close);
        RedisTestSupport.deleteKeys(RedisTestSupport.SHARED, prefix);
    }

    private EmbeddedServer node() {
        RedisChannelLayer layer = new RedisChannelLayer(RedisLayerSettings.builder().hosts(RedisTestSupport.SHARED)
                .prefix(prefix).build());
        layers.add(layer);
        EmbeddedServer server = EmbeddedServer.builder().cdi(false).port(0).channelLayer(layer).endpoint(Notified.class).build().start();
        servers.add(server);
        return server;
    }

    private WebsocketClient client(EmbeddedServer node, String user) {
        WebsocketClient client = WebsocketClient.connect(node.wsUri().resolve("ws/user/?user=" + user));
        clients.add(client);
        return client;
    }

    @Test
    void bothNodesReachAndCloseTheUsersConnectionsOnBothNodesOnly() throws Exception {
        EmbeddedServer a = node();
        EmbeddedServer b = node();
        WebsocketClient adaOnA = client(a, "ada");
        WebsocketClient adaOnB = client(b, "ada");
        WebsocketClient bobOnB = client(b, "bob");
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> RedisTestSupport.groupSize(RedisTestSupport.SHARED, prefix, Users.group("ada")) == 2);

        assertThat(new Users(a.channelLayer()).sendToUser("ada", Map.of("type", "notice.message", "text", "from a"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS).delivered()).isEqualTo(2);
        assertThat(adaOnA.receiveText()).isEqualTo("{\"notice\":\"from a\"}");
        assertThat(adaOnB.receiveText()).isEqualTo("{\"notice\":\"from a\"}");

        new Users(b.channelLayer()).disconnectUser("ada", 4003).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(adaOnA.awaitClose()).isEqualTo(4003);
        assertThat(adaOnB.awaitClose()).isEqualTo(4003);
        assertThat(adaOnA.closeReason()).isEqualTo("disconnected by the server");
        bobOnB.assertNothingLeftOver();
        new Users(a.channelLayer()).sendToUser("bob", Map.of("type", "notice.message", "text", "still here"));
        assertThat(bobOnB.receiveText()).isEqualTo("{\"notice\":\"still here\"}");
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> RedisTestSupport.groupSize(RedisTestSupport.SHARED, prefix, Users.group("ada")) == 0);
    }
}
