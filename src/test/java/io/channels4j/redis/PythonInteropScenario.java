package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.support.TutorialChat;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Java and a real Django Channels process (channels_redis 4.0 in {@code /usr/bin/python3}) share one
 * Redis: group sends and direct sends reach the other side, both ways. Each subclass is one
 * configuration (plain, encrypted, sharded); the Java side is an embedded server whose chat
 * consumers join {@code chat_<room>}, on a {@link RedisChannelLayer} under a prefix of this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PythonInteropScenario {

    /** The chat consumer of Django Channels' tutorial, in Java; it says when it has joined its room. */
    @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
    public static class ChatConsumer extends TutorialChat {
        @Override
        protected CompletionStage<Void> joined() {
            return sendJson(Map.of("status", "joined"));
        }
    }

    protected final String prefix = RedisTestSupport.uniquePrefix();
    protected RedisChannelLayer layer;
    private EmbeddedServer server;

    /** The Redis URLs of this configuration, in shard order. */
    protected abstract List<String> hosts();

    /** The encryption keys of this configuration (empty: none). */
    protected List<String> keys() {
        return List.of();
    }

    @BeforeAll
    void startJavaSide() {
        RedisTestSupport.requireSharedRedis();
        PythonPeer.requirePython();
        layer = new RedisChannelLayer(RedisLayerSettings.builder().hosts(hosts()).prefix(prefix)
                .symmetricEncryptionKeys(keys()).build());
        server = chatServer(layer);
    }

    @AfterAll
    void stopJavaSide() {
        stop(server, layer);
        hosts().forEach(url -> RedisTestSupport.deleteKeys(url, prefix));
        afterJavaSideStopped();
    }

    /** A started embedded server, on a free port, whose {@link ChatConsumer} talks over {@code layer}. */
    static EmbeddedServer chatServer(ChannelLayer layer) {
        return EmbeddedServer.builder().cdi(false).endpoint(ChatConsumer.class).channelLayer(layer).port(0)
                .build().start();
    }

    /** Stops {@code server}, then closes {@code layer}; either is null when the start failed before it. */
    static void stop(EmbeddedServer server, ChannelLayer layer) {
        if (server != null) {
            server.stop();
        }
        if (layer != null) {
            layer.close();
        }
    }

    /** Runs last, after the keys are deleted. */
    protected void afterJavaSideStopped() {
    }

    /** The peer's configuration: the same hosts, prefix and keys as the Java layer. */
    protected String peerConfig() {
        return "{\"hosts\": [" + quoted(hosts()) + "], \"prefix\": \"" + prefix + "\", \"keys\": [" + quoted(keys()) + "]}";
    }

    /** Connects to the chat and waits until its consumer has joined the room. */
    static WebsocketClient joined(java.net.URI uri) {
        WebsocketClient client = WebsocketClient.connect(uri);
        String first = client.receiveText();
        if (!first.equals("{\"status\":\"joined\"}")) {
            client.close();
            throw new AssertionError("expected the joined frame first, got " + first);
        }
        return client;
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }

    @Test
    void aMessageNestedPastTheLimitFromDjangoIsDroppedAndCountedAndTheConsumerStaysOpen() {
        try (WebsocketClient alice = joined(server.wsUri().resolve("ws/chat/cellar/"))) {
            long unreadableBefore = layer.stats().unreadable();
            String deep = "[".repeat(100) + "]".repeat(100);
            PythonPeer.run(peerConfig(), "group_send", "chat_cellar",
                    "{\"type\": \"chat.message\", \"message\": \"too deep\", \"nested\": " + deep + "}");
            PythonPeer.run(peerConfig(), "group_send", "chat_cellar",
                    "{\"type\": \"chat.message\", \"message\": \"after it\"}");

            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"after it\"}");
            assertThat(layer.stats().unreadable()).isEqualTo(unreadableBefore + 1);
            assertThat(alice.closeCode()).isEmpty();
        }
    }

    @Test
    void aGroupSendFromDjangoReachesTheJavaConsumersInTheRoom() {
        try (WebsocketClient alice = joined(server.wsUri().resolve("ws/chat/lobby/"));
             WebsocketClient bob = joined(server.wsUri().resolve("ws/chat/lobby/"));
             WebsocketClient carol = joined(server.wsUri().resolve("ws/chat/kitchen/"))) {
            PythonPeer.run(peerConfig(), "group_send", "chat_lobby",
                    "{\"type\": \"chat.message\", \"message\": \"from django\"}");

            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"from django\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"message\":\"from django\"}");
            assertThat(carol.receiveNothing(java.time.Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void aJavaGroupSendReachesADjangoChannelInTheGroupAndTheJavaConsumers() throws Exception {
        assertAJavaGroupSendReachesTheDjangoChannelAndTheJavaConsumer(server, peerConfig(), () -> { });
    }

    /**
     * A Java consumer's group send reaches a Django channel in the room's group and the consumer's
     * own client; {@code onceBothJoined} runs after both have joined, before the send.
     */
    static void assertAJavaGroupSendReachesTheDjangoChannelAndTheJavaConsumer(EmbeddedServer server, String peerConfig,
            Runnable onceBothJoined) throws Exception {
        try (PythonPeer django = PythonPeer.start(peerConfig, "join_and_receive", "chat_garden", "10");
             WebsocketClient alice = joined(server.wsUri().resolve("ws/chat/garden/"))) {
            django.expect("READY");
            onceBothJoined.run();
            alice.send("{\"message\": \"from java ✓\"}");

            assertThat(django.expect("GOT")).isEqualTo("{\"message\": \"from java \\u2713\", \"type\": \"chat.message\"}");
            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"from java ✓\"}");
            django.awaitExit();
        }
    }

    @Test
    void aJavaGroupSendCountsTheDjangoMember() throws Exception {
        assertAJavaGroupSendCountsTheDjangoMemberAndCarriesBytes(layer, peerConfig());
    }

    /**
     * The group's members as Java reads them include the Django channel (the same sorted set
     * channels_redis writes); a group send that leaves the Django channel out does not reach it,
     * one that leaves a Java channel out still does.
     */
    @Test
    void groupMembersIncludeTheDjangoMemberAndExclusionsLeaveOnlyTheExcluded() throws Exception {
        String group = "chat_members";
        String javaChannel = layer.newChannel("members").toCompletableFuture().get(5, TimeUnit.SECONDS);
        layer.groupAdd(group, javaChannel).toCompletableFuture().get(5, TimeUnit.SECONDS);
        try (PythonPeer django = PythonPeer.start(peerConfig(), "join_and_receive", group, "10")) {
            String djangoChannel = django.expect("READY");
            assertThat(layer.groupMembers(group).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrder(javaChannel, djangoChannel);
            assertThat(layer.groupCount(group).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(2);

            GroupSendResult notToDjango = layer.groupSend(group, Map.of("type", "chat.message", "message", "java only"),
                    java.util.Set.of(djangoChannel)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            GroupSendResult notToJava = layer.groupSend(group, Map.of("type", "chat.message", "message", "django only"),
                    java.util.Set.of(javaChannel)).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(notToDjango).isEqualTo(new GroupSendResult(1, 0));
            assertThat(notToJava).isEqualTo(new GroupSendResult(1, 0));
            assertThat(django.expect("GOT")).as("the first message Django gets is the second one")
                    .isEqualTo("{\"message\": \"django only\", \"type\": \"chat.message\"}");
            assertThat(layer.receive(javaChannel).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .containsEntry("message", "java only");
            django.awaitExit();
        } finally {
            layer.releaseChannel(javaChannel).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(layer.groupCount(group).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("both left: Django discarded its channel, Java released its own").isZero();
    }

    /**
     * Node liveness leaves Django members alone: a Java node whose heartbeat lapses is pruned from
     * the group, the live Django member (whose process never beats) stays and still gets group sends.
     */
    @Test
    void aDyingJavaNodeIsPrunedAndTheDjangoMemberStays() throws Exception {
        String group = "chat_liveness";
        RedisChannelLayer survivor = new RedisChannelLayer(RedisLayerSettings.builder().hosts(hosts()).prefix(prefix)
                .symmetricEncryptionKeys(keys()).nodeTimeout(Duration.ofSeconds(1)).build());
        // beats every 2 s: between two of its beats, the survivor (every 250 ms) finds its key gone
        RedisChannelLayer dying = new RedisChannelLayer(RedisLayerSettings.builder().hosts(hosts()).prefix(prefix)
                .symmetricEncryptionKeys(keys()).nodeTimeout(Duration.ofSeconds(8)).build());
        try (PythonPeer django = PythonPeer.start(peerConfig(), "join_and_receive", group, "20")) {
            String djangoChannel = django.expect("READY");
            String dyingChannel = dying.newChannel("specific").toCompletableFuture().get(5, TimeUnit.SECONDS);
            dying.groupAdd(group, dyingChannel).toCompletableFuture().get(5, TimeUnit.SECONDS);
            String node = dyingChannel.substring(dyingChannel.indexOf('.') + 1, dyingChannel.indexOf('!'));
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> hosts()
                    .stream().allMatch(url -> RedisTestSupport.query(url, r -> r.zscore(prefix + ":nodes", node)) != null));

            hosts().forEach(url -> RedisTestSupport.withRedis(url, r -> r.del(prefix + ":node:" + node)));

            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Set.copyOf(survivor.groupMembers(group).toCompletableFuture().get(5, TimeUnit.SECONDS))
                            .equals(Set.of(djangoChannel)));
            survivor.groupSend(group, Map.of("type", "chat.message", "message", "after the prune"))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(django.expect("GOT")).isEqualTo("{\"message\": \"after the prune\", \"type\": \"chat.message\"}");
            django.awaitExit();
        } finally {
            dying.close();
            survivor.close();
        }
    }

    @Test
    void aDirectSendFromJavaReachesADjangoChannel() throws Exception {
        assertADirectSendFromJavaReachesADjangoChannel(layer, peerConfig());
    }

    /** A group send from Java to a group whose one member is a Django channel: counted once, bytes intact. */
    static void assertAJavaGroupSendCountsTheDjangoMemberAndCarriesBytes(ChannelLayer layer, String peerConfig)
            throws Exception {
        try (PythonPeer django = PythonPeer.start(peerConfig, "join_and_receive", "chat_count", "10")) {
            django.expect("READY");
            GroupSendResult result = layer.groupSend("chat_count",
                    Map.of("type", "chat.message", "message", "counted", "raw", new byte[] {0, 1, (byte) 0xff}))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(result).isEqualTo(new GroupSendResult(1, 0));
            assertThat(django.expect("GOT"))
                    .isEqualTo("{\"message\": \"counted\", \"raw\": {\"$bytes\": \"0001ff\"}, \"type\": \"chat.message\"}");
        }
    }

    /**
     * A send from Java to a channel a Django process created reaches it.
     *
     * @return the Django channel's name
     */
    static String assertADirectSendFromJavaReachesADjangoChannel(ChannelLayer layer, String peerConfig) throws Exception {
        try (PythonPeer django = PythonPeer.start(peerConfig, "receive", "10", "1")) {
            String channel = django.expect("READY");
            layer.send(channel, Map.of("type", "private.note", "n", 42, "items", List.of(1, "two", List.of())))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(django.expect("GOT")).isEqualTo("{\"items\": [1, \"two\", []], \"n\": 42, \"type\": \"private.note\"}");
            return channel;
        }
    }

    @Test
    void directSendsFromDjangoReachJavaChannels() throws Exception {
        List<String> channels = new ArrayList<>();
        List<CompletableFuture<Map<String, Object>>> receiving = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String channel = layer.newChannel("specific").toCompletableFuture().get();
            channels.add(channel);
            receiving.add(layer.receive(channel).toCompletableFuture());
        }
        for (int i = 0; i < channels.size(); i++) {
            PythonPeer.run(peerConfig(), "send", channels.get(i),
                    "{\"type\": \"private.note\", \"n\": " + i + ", \"raw\": {\"$bytes\": \"00ff\"}}");
        }
        for (int i = 0; i < channels.size(); i++) {
            Map<String, Object> message = receiving.get(i).get(5, TimeUnit.SECONDS);
            assertThat(message).containsEntry("type", "private.note").containsEntry("n", i);
            assertThat((byte[]) message.get("raw")).containsExactly(0, 0xff);
        }
    }

    @Test
    void aDjangoSendToANormalChannelReachesAJavaWorker() throws Exception {
        CompletableFuture<Map<String, Object>> first = layer.receive("thumbnails").toCompletableFuture();
        CompletableFuture<Map<String, Object>> second = layer.receive("thumbnails").toCompletableFuture();
        PythonPeer.run(peerConfig(), "send", "thumbnails", "{\"type\": \"thumbnail.make\", \"id\": 1}");
        PythonPeer.run(peerConfig(), "send", "thumbnails", "{\"type\": \"thumbnail.make\", \"id\": 2}");

        assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder(Map.of("type", "thumbnail.make", "id", 1), Map.of("type", "thumbnail.make", "id", 2));
    }
}
