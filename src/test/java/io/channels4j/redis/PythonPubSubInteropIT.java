package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.support.WsClient;
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
        server = EmbeddedServer.builder().cdi(false).endpoint(PythonInteropScenario.ChatConsumer.class)
                .channelLayer(layer).port(0).build().start();
    }

    @AfterAll
    void stopJavaSide() {
        if (server != null) {
            server.stop();
        }
        if (layer != null) {
            layer.close();
        }
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
        try (WsClient alice = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/lobby/"));
             WsClient bob = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/lobby/"));
             WsClient carol = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/kitchen/"))) {
            alice.send("{\"message\": \"everyone here?\"}");
            assertThat(alice.receive()).isEqualTo("{\"message\":\"everyone here?\"}");
            assertThat(bob.receive()).as("bob has joined").isEqualTo("{\"message\":\"everyone here?\"}");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> layer.stats().groups() == 2);
            PythonPeer.run(peerConfig(), "group_send", "chat_lobby",
                    "{\"type\": \"chat.message\", \"message\": \"from django\"}");

            assertThat(alice.receive()).isEqualTo("{\"message\":\"from django\"}");
            assertThat(bob.receive()).isEqualTo("{\"message\":\"from django\"}");
            assertThat(carol.receivesNothing(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void aJavaGroupSendReachesADjangoChannelInTheGroupAndTheJavaConsumers() throws Exception {
        try (PythonPeer django = PythonPeer.start(peerConfig(), "join_and_receive", "chat_garden", "10");
             WsClient alice = PythonInteropScenario.joined(server.wsUri().resolve("ws/chat/garden/"))) {
            django.expect("READY");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(prefix + "__group__chat_garden") == 2);
            alice.send("{\"message\": \"from java ✓\"}");

            assertThat(django.expect("GOT")).isEqualTo("{\"message\": \"from java \\u2713\", \"type\": \"chat.message\"}");
            assertThat(alice.receive()).isEqualTo("{\"message\":\"from java ✓\"}");
            django.awaitExit();
        }
    }

    @Test
    void aJavaGroupSendCountsTheDjangoProcessAndCarriesBytes() throws Exception {
        try (PythonPeer django = PythonPeer.start(peerConfig(), "join_and_receive", "chat_count", "10")) {
            django.expect("READY");
            GroupSendResult result = layer.groupSend("chat_count",
                    Map.of("type", "chat.message", "message", "counted", "raw", new byte[] {0, 1, (byte) 0xff}))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(result).isEqualTo(new GroupSendResult(1, 0));
            assertThat(django.expect("GOT"))
                    .isEqualTo("{\"message\": \"counted\", \"raw\": {\"$bytes\": \"0001ff\"}, \"type\": \"chat.message\"}");
        }
    }

    @Test
    void aDirectSendFromJavaReachesADjangoChannel() throws Exception {
        try (PythonPeer django = PythonPeer.start(peerConfig(), "receive", "10", "1")) {
            String channel = django.expect("READY");
            assertThat(channel).startsWith(prefix + "specific.");
            layer.send(channel, Map.of("type", "private.note", "n", 42, "items", java.util.List.of(1, "two", java.util.List.of())))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(django.expect("GOT")).isEqualTo("{\"items\": [1, \"two\", []], \"n\": 42, \"type\": \"private.note\"}");
        }
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
