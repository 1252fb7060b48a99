package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.redis.RedisTestSupport;
import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who is in a room across two {@code chat.jar} nodes on one Redis, with the default node timeout
 * (20 s): both nodes' {@code /chat/<room>/members} count every connection by name, a leave is seen
 * everywhere within a second, and a node killed with SIGKILL leaves the room (members, the Redis
 * group's {@code ZCARD}) within the documented 30 s, its members' leaves reach node A's members
 * socket, and group sends stop writing to its queue.
 */
class MembersNodesIT {

    private static final String REDIS = RedisTestSupport.SHARED;
    private static final String ROOM = "presence";

    private final String prefix = RedisTestSupport.uniquePrefix("members");
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void redis() {
        RedisTestSupport.requireSharedRedis();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        RedisTestSupport.deleteKeys(REDIS, prefix);
    }

    private ChatProcess node() {
        ChatProcess node = ChatProcess.redisNode(REDIS, prefix);
        opened.add(node);
        return node;
    }

    private Client named(ChatProcess node, String name) {
        Client client = Client.joined(node.ws("ws/chat/" + ROOM + "/?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
        opened.add(client);
        return client;
    }

    private static String members(ChatProcess node) throws Exception {
        return RoomMembersIT.summary(RoomMembersIT.view(RoomMembersIT.members(node.http(), ROOM).body()));
    }

    private long roomZcard() {
        return RedisTestSupport.groupSize(REDIS, prefix, "chat_" + ROOM);
    }

    @Test
    void membersAreTheSameOnBothNodesAndAKilledNodeLeavesWithinTheWindow() throws Exception {
        ChatProcess a = node();
        ChatProcess b = node();
        WebsocketClient widget = WebsocketClient.connect(a.ws("ws/members/" + ROOM + "/"));
        opened.add(widget);
        assertThat(RoomMembersIT.summary(RoomMembersIT.view(widget.receiveText(Duration.ofSeconds(10))))).isEqualTo("count=0");
        Client ada = named(a, "Ada");
        named(a, "Bob");
        named(a, "Cy");
        named(b, "Dee");
        Client eve = named(b, "Eve");

        String five = "count=5 Ada=1 Bob=1 Cy=1 Dee=1 Eve=1";
        assertThat(members(a)).isEqualTo(five);
        assertThat(members(b)).isEqualTo(five);
        assertThat(roomZcard()).isEqualTo(5);

        eve.close();
        long left = System.nanoTime();
        String four = "count=4 Ada=1 Bob=1 Cy=1 Dee=1";
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> members(a).equals(four) && members(b).equals(four));
        System.out.println("a leave reached both nodes' /members in " + (System.nanoTime() - left) / 1_000_000 + " ms");

        b.kill();
        long killed = System.nanoTime();
        String three = "count=3 Ada=1 Bob=1 Cy=1";
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(members(a) + " zcard=" + roomZcard()).as(() -> "registry "
                        + RedisTestSupport.query(REDIS, r -> r.zrangeWithScores(prefix + ":nodes", 0, -1)) + " beats "
                        + RedisTestSupport.query(REDIS, r -> r.keys(prefix + ":node:*"))).isEqualTo(three + " zcard=3"));
        System.out.println("node B's members left " + (System.nanoTime() - killed) / 1_000_000
                + " ms after SIGKILL (node timeout 20 s)");
        assertThat(widget.receiveTextMatching(frame -> frame.contains("\"leaves\":{\"Dee\"")
                || frame.contains("\"leaves\": {\"Dee\""), Duration.ofSeconds(5)))
                .as("node A's members socket got the leaves of the dead node's client").contains("\"count\":3");

        long leftInQueues = RedisTestSupport.largestQueue(REDIS, prefix);
        for (int i = 0; i < 20; i++) {
            ada.send("{\"message\": \"after the prune " + i + "\"}");
        }
        for (int i = 0; i < 20; i++) {
            assertThat(ada.nextMessage()).isEqualTo("{\"message\":\"after the prune " + i + "\"}");
        }
        assertThat(RedisTestSupport.largestQueue(REDIS, prefix)).as("no copy went to the dead node's queue")
                .isEqualTo(leftInQueues);
    }
}
