package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.redis.RedisTestSupport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two chat.jar nodes on {@code --layer redis-pubsub} share a room through Redis pub/sub, with no
 * change to the consumers: each room is a subscription of every node with a member there.
 */
class PubSubNodesIT {

    private static final String REDIS = RedisTestSupport.SHARED;

    private static long subscribers(String channel) {
        return RedisTestSupport.query(REDIS, redis -> redis.pubsubNumsub(channel).get(channel));
    }

    @Test
    void clientsOnTwoPubSubNodesGetEachOthersMessagesInOrderAndALeavingNodeUnsubscribes() throws Exception {
        RedisTestSupport.requireSharedRedis();
        String prefix = RedisTestSupport.uniquePrefix("pubsub");
        String room = prefix + "__group__chat_pubsub";
        try (ChatProcess nodeA = ChatProcess.start(Map.of("CHANNELS4J_LAYER_PREFIX", prefix), List.of(),
                     "--port", "0", "--layer", "redis-pubsub", "--redis-url", REDIS).awaitServing();
             ChatProcess nodeB = ChatProcess.start(Map.of("CHANNELS4J_LAYER_PREFIX", prefix), List.of(),
                     "--port", "0", "--layer", "redis-pubsub", "--redis-url", REDIS).awaitServing();
             Client a1 = Client.joined(nodeA.ws("ws/chat/pubsub/"));
             Client b1 = Client.joined(nodeB.ws("ws/syncchat/pubsub/"))) {
            assertThat(nodeA.line("open http://")).hasValueSatisfying(l -> assertThat(l).contains("redis-pubsub layer"));
            assertThat(subscribers(room)).as("both nodes subscribe to the room").isEqualTo(2);
            Map<String, Client> senders = new LinkedHashMap<>();
            senders.put("a1", a1);
            senders.put("b1", b1);

            RoomTraffic.sendAll(senders, 0, 100);

            for (Client receiver : List.of(a1, b1)) {
                assertThat(RoomTraffic.receive(receiver, 200, Duration.ofSeconds(10)))
                        .isEqualTo(Map.of("a1", RoomTraffic.numbers(0, 100), "b1", RoomTraffic.numbers(0, 100)));
            }
            assertThat(RoomTraffic.dropped(nodeA.http())).isZero();
            assertThat(RoomTraffic.dropped(nodeB.http())).isZero();

            b1.close();
            await("node B unsubscribes from the room its last member left").atMost(Duration.ofSeconds(10))
                    .until(() -> subscribers(room) == 1);
            nodeB.stop();
            a1.send("{\"message\": \"alone\"}");
            assertThat(a1.nextMessage()).isEqualTo("{\"message\":\"alone\"}");
            // This layer keeps no presence: the room works, the members view says so.
            try (io.channels4j.testing.WebsocketClient widget = io.channels4j.testing.WebsocketClient.connect(
                    nodeA.ws("ws/members/pubsub/"))) {
                assertThat(widget.awaitClose(Duration.ofSeconds(10))).isEqualTo(MembersConsumer.NO_PRESENCE);
                assertThat(widget.closeReason()).contains("--layer redis");
            }
            assertThat(RoomMembersIT.members(nodeA.http(), "pubsub").statusCode()).isEqualTo(404);
        }
    }
}
