package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.LayerListener;
import io.channels4j.presence.Presence;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node liveness on the real Redis: a node killed with SIGKILL leaves every group within its node
 * timeout (plus a beat), once, reported by a log line and {@link LayerListener#nodeLost}; a member
 * whose process never beat (a Python one) stays; a node pruned while it was silent restores its
 * own memberships at its next beat.
 */
class NodeLivenessIT {

    private static final String URL = RedisTestSupport.SHARED;
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** The node timeout, a beat (a quarter of it) and room for a loaded machine. */
    private static final Duration DETECTION = Duration.ofSeconds(10);

    private final String prefix = RedisTestSupport.uniquePrefix("live");
    private final List<RedisChannelLayer> layers = new ArrayList<>();
    private final List<String> lost = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void redis() {
        RedisTestSupport.requireSharedRedis();
    }

    @AfterEach
    void cleanUp() {
        layers.forEach(RedisChannelLayer::close);
        RedisTestSupport.deleteKeys(URL, prefix);
    }

    private RedisChannelLayer node() {
        return node(TIMEOUT);
    }

    private RedisChannelLayer node(Duration timeout) {
        RedisChannelLayer layer = new RedisChannelLayer(RedisLayerSettings.builder().hosts(URL).prefix(prefix)
                .nodeTimeout(timeout).build());
        layers.add(layer);
        layer.addListener(new LayerListener() {
            @Override
            public void layerDown(ChannelLayerException cause) {
            }

            @Override
            public void layerUp(long lostMessages) {
            }

            @Override
            public void nodeLost(String node, long groups, long memberships) {
                lost.add(node + " " + groups + " " + memberships);
            }
        });
        return layer;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private long heartbeatKeys(String node) {
        Long count = RedisTestSupport.query(URL, r -> r.exists(prefix + ":node:" + node));
        return count;
    }

    /** The node's last beat in the registry, or null when it is not registered. */
    private Double registeredAt(String node) {
        return RedisTestSupport.query(URL, r -> r.zscore(prefix + ":nodes", node));
    }

    private long registered() {
        Long count = RedisTestSupport.query(URL, r -> r.zcard(prefix + ":nodes"));
        return count;
    }

    /** The client prefix in a process-local channel name {@code specific.<client prefix>!<hex>}. */
    private static String clientPrefixOf(String channel) {
        return channel.substring(channel.indexOf('.') + 1, channel.indexOf('!'));
    }

    @Test
    void aKilledNodesChannelsLeaveEveryGroupOnceAndAPythonMemberStays() throws Exception {
        RedisChannelLayer survivor = node();
        String mine = await(survivor.newChannel("specific"));
        String python = "specific.0f0f0f0f0f0f0f0f!python";
        for (String group : List.of("room", "lobby")) {
            await(survivor.groupAdd(group, mine));
        }
        await(survivor.groupAdd("room", python));
        Presence presence = new Presence(survivor);
        await(presence.track("room", mine, "ada", Map.of()));
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LivenessNode.class.getName(), URL, prefix, "room", "lobby")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> itsChannels = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                assertThat(line).as("the node process ended before it was ready").isNotNull();
                itsChannels.add(line);
            }
            assertThat(await(survivor.groupMembers("room"))).hasSize(4).containsAll(itsChannels);
            String node = clientPrefixOf(itsChannels.get(0));
            assertThat(heartbeatKeys(node)).isEqualTo(1L);

            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();

            Awaitility.await().atMost(DETECTION).pollInterval(Duration.ofMillis(50))
                    .until(() -> RedisTestSupport.groupSize(URL, prefix, "room") == 2);
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(await(survivor.groupMembers("room"))).containsExactlyInAnyOrder(mine, python);
            assertThat(await(survivor.groupMembers("lobby"))).containsExactly(mine);
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !lost.isEmpty());
            assertThat(lost).containsExactly(node + " 2 4");
            assertThat(await(survivor.groupSend("room", Map.of("type", "after.prune"))).delivered())
                    .as("sent to the survivor's channel and the Python one only").isEqualTo(2);
            assertThat(registeredAt(node)).isNull();
            assertThat(await(presence.list("room"))).as("bob's two tabs left with their node")
                    .isEqualTo(Map.of("ada", List.of(Map.of())));
            assertThat(await(presence.list("lobby"))).isEmpty();
            assertThat(presenceLeaves(survivor, mine)).as("the leaves the survivor's member got")
                    .isEqualTo(Map.of("bob", List.of(Map.of("tab", 0), Map.of("tab", 1))));
            System.out.println("pruned " + took.toMillis() + " ms after SIGKILL (node timeout " + TIMEOUT.toMillis() + " ms)");
        } finally {
            killed.destroyForcibly();
        }
    }

    /** The leaves of the first presence diff with leaves that {@code channel} receives, metas ordered by "tab". */
    private static Map<String, Object> presenceLeaves(RedisChannelLayer layer, String channel) throws Exception {
        while (true) {
            Map<String, Object> event = await(layer.receive(channel));
            if (event.get("leaves") instanceof Map<?, ?> leaves && !leaves.isEmpty()) {
                Map<String, Object> sorted = new TreeMap<>();
                leaves.forEach((key, metas) -> sorted.put((String) key, ((List<?>) metas).stream()
                        .sorted(java.util.Comparator.comparing(m -> String.valueOf(((Map<?, ?>) m).get("tab")))).toList()));
                return sorted;
            }
        }
    }

    @Test
    void aNodeBeatsBeforeItsFirstMembershipSoThatOneKilledAtOnceIsPrunedToo() throws Exception {
        RedisChannelLayer fresh = node(Duration.ofSeconds(20));   // its first scheduled beat would be 5 s away
        String channel = await(fresh.newChannel("specific"));
        await(fresh.groupAdd("room", channel));
        assertThat(registeredAt(clientPrefixOf(channel))).as("registered when its first membership was added").isNotNull();
        assertThat(heartbeatKeys(clientPrefixOf(channel))).isEqualTo(1L);
    }

    @Test
    void aNodePrunedWhileSilentRestoresItsMembershipsAtItsNextBeat() throws Exception {
        RedisChannelLayer a = node();
        // b beats every 2 s: between two of its beats, a (every 250 ms) finds its key gone
        RedisChannelLayer b = node(Duration.ofSeconds(8));
        String channelA = await(a.newChannel("specific"));
        String channelB = await(b.newChannel("specific"));
        await(a.groupAdd("room", channelA));
        await(b.groupAdd("room", channelB));
        Presence presence = new Presence(a);
        await(new Presence(b).track("room", channelB, "bob", Map.of()));
        String nodeB = clientPrefixOf(channelB);
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> registeredAt(nodeB) != null);

        // As if b had been paused past its timeout: its heartbeat key is gone, so a survivor prunes it.
        RedisTestSupport.withRedis(URL, r -> r.del(prefix + ":node:" + nodeB));

        Awaitility.await().atMost(DETECTION).until(() -> lost.contains(nodeB + " 1 1"));
        Awaitility.await().atMost(DETECTION).pollInterval(Duration.ofMillis(50))
                .until(() -> Set.copyOf(await(a.groupMembers("room"))).equals(Set.of(channelA, channelB)));
        assertThat(lost).as("claimed by one node only").containsExactly(nodeB + " 1 1");
        Awaitility.await().atMost(DETECTION).until(() -> await(presence.list("room")).containsKey("bob"));
        List<String> heard = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> diff = await(a.receive(channelA));
            heard.add("joins " + ((Map<?, ?>) diff.get("joins")).keySet() + " leaves " + ((Map<?, ?>) diff.get("leaves")).keySet());
        }
        assertThat(heard).as("a's member heard bob join, leave with his node, and come back")
                .containsExactly("joins [bob] leaves []", "joins [] leaves [bob]", "joins [bob] leaves []");
    }

    /** Tells its client of lost nodes (the event's keys in order). */
    @ServerEndpoint("/ws/watch/")
    public static class NodeWatcher extends JsonWebsocketConsumer {
        void layer_node_lost(Map<String, Object> event) {
            sendJson(new TreeMap<>(event));
        }
    }

    @Test
    void aConsumerThatHandlesLayerNodeLostHearsOfThePruning() throws Exception {
        RedisChannelLayer survivor = node();
        RedisChannelLayer lost = node(Duration.ofSeconds(8));
        String channel = await(lost.newChannel("specific"));
        await(lost.groupAdd("room", channel));
        String node = clientPrefixOf(channel);
        try (EmbeddedServer server = EmbeddedServer.builder().cdi(false).port(0).channelLayer(survivor)
                .endpoint(NodeWatcher.class).build().start();
             WebsocketClient watcher = WebsocketClient.connect(server.wsUri().resolve("ws/watch/"))) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> registeredAt(node) != null);
            RedisTestSupport.withRedis(URL, r -> r.del(prefix + ":node:" + node));

            assertThat(watcher.receiveText(DETECTION)).isEqualTo(
                    "{\"groups\":1,\"memberships\":1,\"node\":\"" + node + "\",\"type\":\"layer.node_lost\"}");
        }
    }

    @Test
    void aClosedNodeLeavesTheRegistryAndATimeoutOfZeroNeverBeats() throws Exception {
        RedisChannelLayer beating = node();
        String node = clientPrefixOf(await(beating.newChannel("specific")));
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> registeredAt(node) != null);
        beating.close();
        assertThat(heartbeatKeys(node)).isZero();
        assertThat(registeredAt(node)).isNull();

        RedisChannelLayer silent = new RedisChannelLayer(RedisLayerSettings.builder().hosts(URL).prefix(prefix)
                .nodeTimeout(Duration.ZERO).build());
        layers.add(silent);
        String quiet = clientPrefixOf(await(silent.newChannel("specific")));
        await(silent.groupAdd("room", "specific." + quiet + "!x"));
        Thread.sleep(TIMEOUT.toMillis());
        assertThat(registered()).isZero();
        assertThat(RedisTestSupport.groupSize(URL, prefix, "room")).isEqualTo(1);
    }
}
