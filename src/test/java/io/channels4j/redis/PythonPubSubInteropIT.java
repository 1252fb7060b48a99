package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.testing.WebsocketClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Java's {@link RedisPubSubChannelLayer} and a real Django Channels process with
 * {@code channels_redis.pubsub.RedisPubSubChannelLayer} (channels_redis 4.0) on the shared Redis:
 * group sends and direct sends reach the other side, both ways. Pub/sub is fire-and-forget, so each
 * side publishes only once the other has said it is subscribed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonPubSubInteropIT {

    private final String prefix = RedisTestSupport.uniquePrefix().replace(':', '-');
    private RedisPubSubChannelLayer layer;
    private EmbeddedServer server;

    @BeforeAll
    void startJavaSide() {
        RedisTestSupport.requireSharedRedis();
        PythonPeer.requirePython();
        layer = new RedisPubSubChannelLayer(RedisLayerSettings.builder().hosts(RedisTestSupport.SHARED).prefix(prefix)
                .build());
        server = PythonInteropScenario.chatServer(layer);
    }

    @AfterAll
    void stopJavaSide() {
        PythonInteropScenario.stop(server, layer);
    }

    private String peerConfig() {
        return "{\"hosts\": [\"" + RedisTestSupport.SHARED + "\"], \"prefix\": \"" + prefix + "\", \"layer\": \"pubsub\"}";
    }

    private static long subscribers(String channel) {
        long[] count = new long[1];
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> count[0] = redis.pubsubNumsub(channel).get(channel));
        return count[0];
    }

    @Test
    void aGroupSendFromDjangoReachesTheJavaConsumersInTheRoomOnly() {
        try (WebsocketClient alice = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/lobby/"));
             WebsocketClient bob = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/lobby/"));
             WebsocketClient carol = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/kitchen/"))) {
            alice.send("{\"message\": \"everyone here?\"}");
            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"everyone here?\"}");
            assertThat(bob.receiveText()).as("bob has joined").isEqualTo("{\"message\":\"everyone here?\"}");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> layer.stats().groups() == 2);
            PythonPeer.run(peerConfig(), "group_send", "chat_lobby",
                    "{\"type\": \"chat.message\", \"message\": \"from django\"}");

            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"from django\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"message\":\"from django\"}");
            assertThat(carol.receiveNothing(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void aJavaGroupSendReachesADjangoChannelInTheGroupAndTheJavaConsumers() throws Exception {
        PythonInteropScenario.assertAJavaGroupSendReachesTheDjangoChannelAndTheJavaConsumer(server, peerConfig(),
                () -> Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> subscribers(prefix + "__group__chat_garden") == 2));
    }

    @Test
    void aJavaGroupSendCountsTheDjangoProcessAndCarriesBytes() throws Exception {
        PythonInteropScenario.assertAJavaGroupSendCountsTheDjangoMemberAndCarriesBytes(layer, peerConfig());
    }

    @Test
    void aDirectSendFromJavaReachesADjangoChannel() throws Exception {
        String channel = PythonInteropScenario.assertADirectSendFromJavaReachesADjangoChannel(layer, peerConfig());
        assertThat(channel).startsWith(prefix + "specific.");
    }

    @Test
    void aDirectSendFromDjangoReachesAJavaChannel() throws Exception {
        String channel = layer.newChannel("specific").toCompletableFuture().get(5, TimeUnit.SECONDS);
        CompletableFuture<Map<String, Object>> receiving = layer.receive(channel).toCompletableFuture();
        PythonPeer.run(peerConfig(), "send", channel, "{\"type\": \"private.note\", \"n\": 7, \"raw\": {\"$bytes\": \"00ff\"}}");

        Map<String, Object> message = receiving.get(10, TimeUnit.SECONDS);
        assertThat(message).containsEntry("type", "private.note").containsEntry("n", 7);
        assertThat((byte[]) message.get("raw")).containsExactly(0, 0xff);
    }
}
