package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.testing.WebsocketClient;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A consumer leaves every group its channel joined when the connection ends, whichever handle
 * made the membership: its own {@code groupAdd}, its {@code channelLayer()}, or a layer injected
 * with CDI. On the in-memory layer and on Redis, with each way the connection can end.
 */
class GroupsLeftOnDisconnectIT {

    /** Joins one group per handle, then accepts and says so. */
    @ServerEndpoint(value = "/ws/joins/{id}/", configurator = ConsumerConfigurator.class)
    public static class JoinsThreeWays extends WebsocketConsumer {
        @Inject
        ChannelLayer injected;

        @Override
        protected void connect() {
            String id = scope().urlRoute().kwargs().get("id");
            groupAdd("by-method-" + id);
            channelLayer().groupAdd("by-handle-" + id, channelName()).toCompletableFuture().join();
            injected.groupAdd("by-injection-" + id, channelName()).toCompletableFuture().join();
            accept();
            send("joined");
        }

        /** The test's group sends. */
        void probe(Map<String, Object> event) {
        }

        @Override
        protected void receive(String text) {
            if (text.equals("close yourself")) {
                close(4000);
            } else {
                throw new IllegalStateException("failing on purpose");
            }
        }
    }

    static Stream<Arguments> layers() {
        Supplier<ChannelLayer> memory = InMemoryChannelLayer::new;
        Supplier<ChannelLayer> redis = () -> {
            RedisTestSupport.requireSharedRedis();
            return new RedisChannelLayer(RedisLayerSettings.builder().hosts(RedisTestSupport.SHARED)
                    .prefix(RedisTestSupport.uniquePrefix()).build());
        };
        List<Arguments> out = new ArrayList<>();
        for (String ending : List.of("client closes", "client vanishes", "consumer closes", "handler fails")) {
            out.add(Arguments.of(Named.of("in memory", memory), ending));
            out.add(Arguments.of(Named.of("Redis", redis), ending));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("layers")
    void everyMembershipIsGoneWhateverMadeItAndHoweverTheConnectionEnded(Supplier<ChannelLayer> layers,
                                                                         String ending) throws Exception {
        ChannelLayer layer = layers.get();
        try (EmbeddedServer server = EmbeddedServer.builder().cdi(true).channelLayer(layer)
                .endpoint(JoinsThreeWays.class).build().start()) {
            String id = Long.toHexString(System.nanoTime());
            List<String> groups = List.of("by-method-" + id, "by-handle-" + id, "by-injection-" + id);
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/joins/" + id + "/"))) {
                assertThat(client.receiveText()).isEqualTo("joined");
                for (String group : groups) {
                    assertThat(groupSend(layer, group).delivered()).as("members of %s while connected", group)
                            .isEqualTo(1);
                }
                switch (ending) {
                    case "client closes" -> client.close(1000);
                    case "client vanishes" -> client.abort();
                    case "consumer closes" -> client.send("close yourself");
                    default -> client.send("fail");
                }
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
            }
            for (String group : groups) {
                assertThat(groupSend(layer, group)).as("members of %s after the connection ended", group)
                        .isEqualTo(GroupSendResult.EMPTY);
            }
        } finally {
            layer.flush().toCompletableFuture().join();
            layer.close();
        }
    }

    private static GroupSendResult groupSend(ChannelLayer layer, String group) {
        return layer.groupSend(group, Map.of("type", "probe")).toCompletableFuture().join();
    }
}
