package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
    private static final String REDIS = RedisServer.SHARED_URL;
    /** A burst of 600 messages must not meet the default capacity of 100 per channel (capacity is tested in the library). */
    private static final String[] SETTINGS = {"-Dchannels4j.layer.capacity=1000"};

    private static String prefix;
    private static ChatProcess nodeA;
    private static ChatProcess nodeB;

    @BeforeAll
    static void startTwoNodes() {
        RedisServer.requireShared();
        prefix = RedisServer.uniquePrefix("multinode");
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
        RedisServer.deleteKeys(REDIS, prefix);
    }

    private static long roomSize(String room) {
        return RedisServer.groupSize(REDIS, prefix, "chat_" + room);
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

    @Test
    void stoppingANodeClosesOnlyItsOwnClientsAndTheRoomChatsOnWithoutThem() throws Exception {
        try (ChatProcess nodeC = ChatProcess.redisNode(REDIS, prefix, SETTINGS);
             Client a1 = Client.joined(nodeA.ws("ws/chat/stop/"));
             Client a2 = Client.joined(nodeA.ws("ws/chat/stop/"));
             Client c1 = Client.joined(nodeC.ws("ws/chat/stop/"))) {
            c1.send("{\"message\": \"from C\"}");
            assertThat(a1.nextMessage()).isEqualTo("{\"message\":\"from C\"}");
            assertThat(a2.nextMessage()).isEqualTo("{\"message\":\"from C\"}");
            assertThat(roomSize("stop")).isEqualTo(3);

            nodeC.stop();

            assertThat(c1.awaitClose()).isEqualTo(1001);
            assertThat(roomSize("stop")).as("node C left the group as it stopped").isEqualTo(2);
            RoomTraffic.sendAll(Map.of("a1", a1), 0, 100);
            for (Client receiver : List.of(a1, a2)) {
                assertThat(RoomTraffic.receive(receiver, 100, WAIT)).isEqualTo(Map.of("a1", RoomTraffic.numbers(0, 100)));
            }
            assertThat(a1.closeCode()).isEmpty();
            assertThat(a2.closeCode()).isEmpty();
            assertThat(a1.noStatus()).as("A's clients were told nothing about node C").isTrue();
            assertThat(a2.noStatus()).isTrue();
        }
    }

    @Test
    void aKilledNodeStaysInTheGroupUntilItExpiresButItsDeadQueueDisturbsNoClientOfTheOthers() throws Exception {
        try (ChatProcess nodeD = ChatProcess.redisNode(REDIS, prefix, SETTINGS);
             Client a1 = Client.joined(nodeA.ws("ws/chat/kill/"));
             Client a2 = Client.joined(nodeA.ws("ws/chat/kill/"));
             Client d1 = Client.joined(nodeD.ws("ws/chat/kill/"))) {
            assertThat(roomSize("kill")).isEqualTo(3);

            nodeD.kill();

            assertThat(d1.awaitClose()).as("the killed node's socket just breaks").isEqualTo(1006);
            RoomTraffic.sendAll(Map.of("a1", a1), 0, 100);
            for (Client receiver : List.of(a1, a2)) {
                assertThat(RoomTraffic.receive(receiver, 100, WAIT)).isEqualTo(Map.of("a1", RoomTraffic.numbers(0, 100)));
            }
            assertThat(roomSize("kill")).as("nobody removed the killed node's member").isEqualTo(3);
            assertThat(RedisServer.largestQueue(REDIS, prefix))
                    .as("the copies for the killed node wait in its queue until they expire").isEqualTo(100);
            assertThat(a1.closeCode()).isEmpty();
            assertThat(a2.noStatus()).isTrue();
        }
    }
}
