package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An open connection stays in its groups past the layer's group expiry: channels4j refreshes its
 * memberships at half the expiry, while a channel nobody refreshes lapses. The expiry here is 2 s
 * instead of a day, so the test waits three of them.
 */
class MembershipRefreshIT {

    /** Joins "refreshed" and forwards what the group sends. */
    @ServerEndpoint("/ws/refresh/")
    public static class Member extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("refreshed");
        }

        void chat_message(Map<String, Object> event) {
            send((String) event.get("text"));
        }
    }

    @Test
    void aConnectionOpenLongerThanTheGroupExpiryIsStillInItsGroup() throws Exception {
        InMemoryChannelLayer layer = new InMemoryChannelLayer(
                LayerSettings.builder().groupExpiry(Duration.ofSeconds(2)).build());
        EmbeddedServer server = EmbeddedServer.builder().port(0).cdi(false).channelLayer(layer)
                .endpoint(Member.class).build().start();
        try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/refresh/"))) {
            String abandoned = layer.newChannel("nobody").toCompletableFuture().get();
            layer.groupAdd("refreshed", abandoned).toCompletableFuture().get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> layer.groupCount("refreshed").toCompletableFuture().get() == 2);

            Thread.sleep(6_000);   // three group expiries

            assertThat(layer.groupMembers("refreshed").toCompletableFuture().get())
                    .as("the connection's channel is still a member; the unrefreshed one lapsed")
                    .hasSize(1).doesNotContain(abandoned);
            layer.groupSend("refreshed", Map.of("type", "chat.message", "text", "still here")).toCompletableFuture().get();
            assertThat(client.receiveText()).isEqualTo("still here");
        } finally {
            server.stop();
            layer.close();
        }
    }
}
