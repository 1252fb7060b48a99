package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.LayerListener;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.support.TutorialChat;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis server stops and starts again (empty: no persistence) while the layer is in use: calls
 * fail fast with a clear error meanwhile, waiting receives keep waiting, the layer reconnects and
 * re-adds its group memberships by itself, later messages flow, and the loss is reported to
 * listeners and to consumers that ask, never silent.
 */
class RedisRestartIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

    private final RedisServerProcess redis = RedisServerProcess.start();
    private final RedisChannelLayer layer = new RedisChannelLayer(RedisLayerSettings.builder()
            .hosts(redis.url()).prefix(RedisTestSupport.uniquePrefix()).build());
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() {
        layer.close();
        redis.stop();
    }

    private void record() {
        layer.addListener(new LayerListener() {
            @Override
            public void layerDown(ChannelLayerException cause) {
                events.add("down: " + cause.getMessage());
            }

            @Override
            public void layerUp(long lost) {
                events.add("up, lost " + lost);
            }
        });
    }

    private static <T> T await5(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void callsFailFastWhileRedisIsDownAndLaterMessagesFlowOnceItIsBack() throws Exception {
        record();
        String channel = await5(layer.newChannel("specific"));
        await5(layer.groupAdd("room", channel));
        CompletableFuture<Map<String, Object>> first = layer.receive(channel).toCompletableFuture();
        await5(layer.groupSend("room", Map.of("type", "chat.message", "n", 1)));
        assertThat(await5(first)).containsEntry("n", 1);
        CompletableFuture<Map<String, Object>> waiting = layer.receive(channel).toCompletableFuture();

        redis.stop();
        await().atMost(BACK_WITHIN).until(() -> !events.isEmpty());
        assertThat(events.get(0)).startsWith("down: ").contains(redis.url().replace("redis://", ""));

        long started = System.nanoTime();
        assertThatThrownBy(() -> await5(layer.send(channel, Map.of("type", "chat.message", "n", 2))))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ChannelLayerException.class).hasMessageContaining("unreachable");
        assertThatThrownBy(() -> await5(layer.groupSend("room", Map.of("type", "chat.message", "n", 3))))
                .cause().isInstanceOf(ChannelLayerException.class).hasMessageContaining("group send to 'room'");
        long failedWithinMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(failedWithinMillis).as("two calls failed within (ms)").isLessThan(1000);
        assertThat(waiting).as("a waiting receive keeps waiting").isNotDone();

        redis.startAgain();
        await().atMost(BACK_WITHIN).until(() -> events.size() == 2);
        assertThat(events.get(1)).isEqualTo("up, lost 2");

        assertThat(await5(layer.groupSend("room", Map.of("type", "chat.message", "n", 4))))
                .as("the membership was re-added to the empty server").isEqualTo(new GroupSendResult(1, 0));
        assertThat(await5(waiting)).containsEntry("n", 4);
    }

    @Test
    void theLogSaysHowLongTheLayerWasDownAndHowManyMessagesItCouldNotQueue() throws Exception {
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            await5(layer.groupAdd("room", "worker"));
            redis.stop();
            assertThatThrownBy(() -> await5(layer.groupSend("room", Map.of("type", "t"))))
                    .cause().isInstanceOf(ChannelLayerException.class);
            assertThatThrownBy(() -> await5(layer.send("worker", Map.of("type", "t"))))
                    .cause().isInstanceOf(ChannelLayerException.class);
            redis.startAgain();
            await().atMost(BACK_WITHIN).ignoreExceptions().until(() -> log.records().stream().anyMatch(
                    r -> r.getMessage().contains("the Redis channel layer is back after")));
            assertThat(log.awaitRecord("the Redis channel layer is back after").getMessage())
                    .matches("the Redis channel layer is back after \\d+ ms down; 2 message\\(s\\) could not be"
                            + " queued meanwhile \\(their senders saw the failure\\)");
        }
    }

    @Test
    void aGroupSendThatCannotReachItsMembersCountsAsOneLostMessageWhateverTheGroupsSize() throws Exception {
        String prefix = RedisTestSupport.uniquePrefix();
        try (RedisServerProcess membersHost = RedisServerProcess.start()) {
            RedisChannelLayer sharded = new RedisChannelLayer(RedisLayerSettings.builder()
                    .hosts(redis.url(), membersHost.url()).prefix(prefix).build());
            try {
                KeySpace keys = new KeySpace(prefix, 2);
                String group = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "room" + i)
                        .filter(g -> keys.hostOfGroup(g) == 0).findFirst().orElseThrow();
                String channel = await5(sharded.newChannel("specific"));
                for (int i = 0; keys.hostOfQueue(channel) != 1; i++) {
                    channel = await5(sharded.newChannel("specific" + i));
                }
                String name = channel.substring(0, channel.indexOf('.'));
                for (int i = 0; i < 3; i++) {
                    await5(sharded.groupAdd(group, await5(sharded.newChannel(name))));
                }
                List<Long> lost = new CopyOnWriteArrayList<>();
                sharded.addListener(new LayerListener() {
                    @Override
                    public void layerDown(ChannelLayerException cause) {
                    }

                    @Override
                    public void layerUp(long n) {
                        lost.add(n);
                    }
                });

                membersHost.stop();
                String reachableGroup = group;
                assertThatThrownBy(() -> await5(sharded.groupSend(reachableGroup, Map.of("type", "t"))))
                        .cause().isInstanceOf(ChannelLayerException.class).hasMessageContaining(membersHost.url());
                membersHost.startAgain();

                await().atMost(BACK_WITHIN).until(() -> !lost.isEmpty());
                assertThat(lost).as("the members were read on host 0, the copies failed on host 1").containsExactly(1L);
            } finally {
                sharded.close();
            }
        }
    }

    @Test
    void pingNamesTheHostWhileRedisIsDownAndAnswersOnceItIsBack() throws Exception {
        await5(layer.ping());
        redis.stop();
        assertThatThrownBy(() -> await5(layer.ping())).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ChannelLayerException.class)
                .hasMessageStartingWith("ping failed: Redis at " + redis.url() + " is unreachable");
        redis.startAgain();
        await().atMost(BACK_WITHIN).ignoreExceptions().until(() -> await5(layer.ping()) == null);
    }

    @Test
    void aLayerWhoseRedisIsNotRunningFailsCallsAtOnceAndWorksWhenItStarts() throws Exception {
        redis.stop();
        long started = System.nanoTime();
        assertThatThrownBy(() -> await5(layer.groupAdd("room", "worker")))
                .cause().isInstanceOf(ChannelLayerException.class).hasMessageContaining("unreachable");
        assertThat((System.nanoTime() - started) / 1_000_000).as("failed within (ms)").isLessThan(1000);

        redis.startAgain();
        await().atMost(BACK_WITHIN).ignoreExceptions()
                .until(() -> await5(layer.groupSend("room", Map.of("type", "t"))) != null);
    }

    @Test
    void aRedisThatHangsFailsCallsAfterTheCommandTimeoutAndServesAgainWhenItResumes() throws Exception {
        RedisChannelLayer impatient = new RedisChannelLayer(RedisLayerSettings.builder().hosts(redis.url())
                .prefix(RedisTestSupport.uniquePrefix()).commandTimeout(Duration.ofMillis(300)).build());
        try {
            String channel = await5(impatient.newChannel("specific"));
            await5(impatient.send(channel, Map.of("type", "t", "n", 1)));

            redis.freeze();
            long started = System.nanoTime();
            assertThatThrownBy(() -> await5(impatient.send(channel, Map.of("type", "t", "n", 2))))
                    .cause().isInstanceOf(ChannelLayerException.class).hasMessageContaining("unreachable")
                    .hasMessageContaining("Timeout");
            assertThat((System.nanoTime() - started) / 1_000_000).as("failed after (ms)").isBetween(250L, 1500L);

            redis.resume();
            await().atMost(BACK_WITHIN).ignoreExceptions()
                    .until(() -> await5(impatient.send(channel, Map.of("type", "t", "n", 3))) == null);
            assertThat(await5(impatient.receive(channel))).containsEntry("n", 1);
        } finally {
            impatient.close();
        }
    }

    /** A chat consumer that tells its user about the outage and reports what it could not send. */
    @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
    public static class ResilientChat extends TutorialChat {
        @Override
        protected CompletionStage<Void> joined() {
            return sendJson(Map.of("status", "joined"));
        }

        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            Object message = ((Map<?, ?>) content).get("message");
            return groupSend(roomGroup(), Map.of("type", "chat.message", "message", message))
                    .handle((result, failure) -> failure)
                    .thenCompose(failure -> failure == null ? done() : sendJson(Map.of("error", "not delivered")));
        }

        CompletionStage<Void> layer_down(Map<String, Object> event) {
            return sendJson(Map.of("status", "reconnecting"));
        }

        CompletionStage<Void> layer_up(Map<String, Object> event) {
            return sendJson(new java.util.TreeMap<>(Map.of("status", "back", "lost", event.get("lost"))));
        }
    }

    @Test
    void consumersInARoomHearTheOutageAndTheLossAndChatAgainAfterARestart() {
        EmbeddedServer server = EmbeddedServer.builder().cdi(false).endpoint(ResilientChat.class).channelLayer(layer)
                .port(0).build().start();
        try (WebsocketClient alice = WebsocketClient.connect(server.wsUri().resolve("ws/chat/lobby/"));
             WebsocketClient bob = WebsocketClient.connect(server.wsUri().resolve("ws/chat/lobby/"))) {
            assertThat(alice.receiveText()).isEqualTo("{\"status\":\"joined\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"status\":\"joined\"}");
            alice.send("{\"message\": \"before\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"message\":\"before\"}");
            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"before\"}");

            redis.stop();
            assertThat(alice.receiveText()).isEqualTo("{\"status\":\"reconnecting\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"status\":\"reconnecting\"}");
            alice.send("{\"message\": \"during\"}");
            assertThat(alice.receiveText()).isEqualTo("{\"error\":\"not delivered\"}");

            redis.startAgain();
            assertThat(alice.receiveText(BACK_WITHIN)).isEqualTo("{\"lost\":1,\"status\":\"back\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"lost\":1,\"status\":\"back\"}");
            alice.send("{\"message\": \"after\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"message\":\"after\"}");
            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"after\"}");
        } finally {
            server.stop();
        }
    }
}
