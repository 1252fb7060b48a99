package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.redis.RedisTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several chat processes ({@code chat.jar --layer redis}) on the shared Redis, with a key prefix of
 * this test's own, serve the same rooms: a room is one Redis group whatever node its clients are
 * on. Nodes A and B live for the whole class; the stop and kill scenarios start a third node of
 * their own.
 */
class MultiNodeIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REDIS = RedisTestSupport.SHARED;
    /** A burst of 600 messages must not meet the default capacity of 100 per channel (capacity is tested in the library). */
    private static final String[] SETTINGS = {"-Dchannels4j.layer.capacity=1000"};

    private static String prefix;
    private static ChatProcess nodeA;
    private static ChatProcess nodeB;

    @BeforeAll
    static void startTwoNodes() {
        RedisTestSupport.requireSharedRedis();
        prefix = RedisTestSupport.uniquePrefix("multinode");
        nodeA = ChatProcess.redisNode(REDIS, prefix, SETTINGS);
        nodeB = ChatProcess.redisNode(REDIS, prefix, SETTINGS);
    }

    @AfterAll
    static void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        RedisTestSupport.deleteKeys(REDIS, prefix);
    }

    private static long roomSize(String room) {
        return RedisTestSupport.groupSize(REDIS, prefix, "chat_" + room);
    }

    @Test
    void everyClientOnEitherNodeGetsEveryMessageOfTheRoomOnceAndInEachSendersOrder() throws Exception {
        try (Client a1 = Client.joined(nodeA.ws("ws/chat/burst/"));
             Client a2 = Client.joined(nodeA.ws("ws/syncchat/burst/"));
             Client b1 = Client.joined(nodeB.ws("ws/chat/burst/"));
             Client b2 = Client.joined(nodeB.ws("ws/syncchat/burst/"))) {
            assertThat(roomSize("burst")).as("members of the room's group in Redis").isEqualTo(4);
            Map<String, Client> senders = new LinkedHashMap<>();
            senders.put("a1", a1);
            senders.put("b1", b1);
            senders.put("a2", a2);

            RoomTraffic.sendAll(senders, 0, 200);

            for (Client receiver : List.of(a1, a2, b1, b2)) {
                Map<String, List<Integer>> got = RoomTraffic.receive(receiver, 600, WAIT);
                assertThat(got).containsOnlyKeys("a1", "b1", "a2");
                got.forEach((sender, numbers) -> assertThat(numbers).as("messages from " + sender)
                        .isEqualTo(RoomTraffic.numbers(0, 200)));
            }
            b2.send("{\"message\": \"end\"}");
            for (Client receiver : List.of(a1, a2, b1, b2)) {
                assertThat(receiver.nextMessage()).as("nothing came twice: the next message is the end marker")
                        .isEqualTo("{\"message\":\"end\"}");
            }
            assertThat(RoomTraffic.dropped(nodeA.http())).isZero();
            assertThat(RoomTraffic.dropped(nodeB.http())).isZero();
        }
    }

    @Test
    void aClientLeavingNodeALeavesTheRoomsGroupInRedisAndTheOthersChatOn() {
        try (Client a1 = Client.joined(nodeA.ws("ws/chat/leave/"));
             Client a2 = Client.joined(nodeA.ws("ws/chat/leave/"));
             Client b1 = Client.joined(nodeB.ws("ws/chat/leave/"))) {
            assertThat(roomSize("leave")).isEqualTo(3);

            a1.close();

            await("ZCARD of the room's group after a1 left").atMost(WAIT).until(() -> roomSize("leave") == 2);
            b1.send("{\"message\": \"still here\"}");
            assertThat(a2.nextMessage()).isEqualTo("{\"message\":\"still here\"}");
            assertThat(b1.nextMessage()).isEqualTo("{\"message\":\"still here\"}");
        }
        await("ZCARD once everyone left").atMost(WAIT).until(() -> roomSize("leave") == 0);
    }

    /**
     * A node of its own beside A, and a room with two clients on A and one on the new node.
     * Closing it closes the clients, then the node (killing it if it still runs).
     */
    private record ThirdNode(ChatProcess node, Client a1, Client a2, Client own) implements AutoCloseable {
        static ThirdNode inRoom(String room) {
            ChatProcess node = ChatProcess.redisNode(REDIS, prefix, SETTINGS);
            List<Client> joined = new ArrayList<>();
            try {
                for (ChatProcess on : List.of(nodeA, nodeA, node)) {
                    joined.add(Client.joined(on.ws("ws/chat/" + room + "/")));
                }
                return new ThirdNode(node, joined.get(0), joined.get(1), joined.get(2));
            } catch (RuntimeException | Error e) {
                joined.forEach(Client::close);
                node.close();
                throw e;
            }
        }

        /** a1 sends 100 numbered messages; a1 and a2 each get all of them, once and in order, and stay open. */
        void assertTheRoomChatsOnOnNodeA() throws Exception {
            RoomTraffic.sendAll(Map.of("a1", a1), 0, 100);
            for (Client receiver : List.of(a1, a2)) {
                assertThat(RoomTraffic.receive(receiver, 100, WAIT)).isEqualTo(Map.of("a1", RoomTraffic.numbers(0, 100)));
            }
        }

        @Override
        public void close() {
            for (Client client : List.of(a1, a2, own)) {
                client.close();
            }
            node.close();
        }
    }

    @Test
    void stoppingANodeClosesOnlyItsOwnClientsAndTheRoomChatsOnWithoutThem() throws Exception {
        try (ThirdNode c = ThirdNode.inRoom("stop")) {
            c.own().send("{\"message\": \"from C\"}");
            assertThat(c.a1().nextMessage()).isEqualTo("{\"message\":\"from C\"}");
            assertThat(c.a2().nextMessage()).isEqualTo("{\"message\":\"from C\"}");
            assertThat(roomSize("stop")).isEqualTo(3);

            c.node().stop();

            assertThat(c.own().awaitClose()).isEqualTo(1001);
            assertThat(roomSize("stop")).as("node C left the group as it stopped").isEqualTo(2);
            c.assertTheRoomChatsOnOnNodeA();
            assertThat(c.a1().closeCode()).isEmpty();
            assertThat(c.a2().closeCode()).isEmpty();
            assertThat(c.a1().noStatus()).as("A's clients were told nothing about node C").isTrue();
            assertThat(c.a2().noStatus()).isTrue();
        }
    }

    @Test
    void aKilledNodeStaysInTheGroupUntilItExpiresButItsDeadQueueDisturbsNoClientOfTheOthers() throws Exception {
        try (ThirdNode d = ThirdNode.inRoom("kill")) {
            assertThat(roomSize("kill")).isEqualTo(3);

            d.node().kill();

            assertThat(d.own().awaitClose()).as("the killed node's socket just breaks").isEqualTo(1006);
            d.assertTheRoomChatsOnOnNodeA();
            assertThat(roomSize("kill")).as("nobody removed the killed node's member").isEqualTo(3);
            assertThat(RedisTestSupport.largestQueue(REDIS, prefix))
                    .as("the copies for the killed node wait in its queue until they expire").isEqualTo(100);
            assertThat(d.a1().closeCode()).isEmpty();
            assertThat(d.a2().noStatus()).isTrue();
        }
    }
}
