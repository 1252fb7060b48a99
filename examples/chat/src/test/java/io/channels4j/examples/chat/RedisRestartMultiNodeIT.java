package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.redis.RedisServerProcess;
import io.channels4j.redis.RedisTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis of its own (a private {@code redis-server} on a free loopback port, so the shared one is
 * not disturbed) is shut down ({@code redis-cli shutdown nosave}) and started again, empty, while
 * two chat.jar nodes serve one room and two of its users keep talking. Neither node is restarted.
 */
class RedisRestartMultiNodeIT {

    private static final Pattern BACK = Pattern.compile("\\{\"status\":\"back\",\"lost\":(\\d+)}");
    private static final String RECONNECTING = "{\"status\":\"reconnecting\"}";

    private final RedisServerProcess redis = RedisServerProcess.start();
    private final String prefix = RedisTestSupport.uniquePrefix("restart");
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        redis.close();
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void theNodesRecoverByThemselvesReportWhatFailedMeanwhileAndLaterMessagesReachEveryone() throws Exception {
        ChatProcess nodeA = open(ChatProcess.redisNode(redis.url(), prefix));
        ChatProcess nodeB = open(ChatProcess.redisNode(redis.url(), prefix));
        Client a1 = open(Client.joined(nodeA.ws("ws/chat/restart/")));
        Client a2 = open(Client.joined(nodeA.ws("ws/syncchat/restart/")));
        Client b1 = open(Client.joined(nodeB.ws("ws/chat/restart/")));
        Client b2 = open(Client.joined(nodeB.ws("ws/syncchat/restart/")));
        Map<String, Client> clients = new LinkedHashMap<>();
        clients.put("a1", a1);
        clients.put("a2", a2);
        clients.put("b1", b1);
        clients.put("b2", b2);
        EchoSender alice = new EchoSender("alice", a1);
        EchoSender bob = new EchoSender("bob", b2);
        alice.start();
        bob.start();
        awaitEchoes(List.of(alice, bob), 100);

        long downAt = System.nanoTime();
        redis.shutdownNoSave();
        for (Client c : clients.values()) {
            assertThat(c.nextStatus(Duration.ofSeconds(10))).isEqualTo(RECONNECTING);
        }
        long allToldDownMillis = millisSince(downAt);
        await("both senders see a message refused").atMost(Duration.ofSeconds(10))
                .until(() -> !alice.failed.isEmpty() && !bob.failed.isEmpty());
        try (Client latecomer = Client.connect(nodeA.ws("ws/chat/restart/"))) {
            assertThat(latecomer.awaitClose()).as("a client connecting meanwhile: its groups cannot be joined")
                    .isEqualTo(1011);
        }

        long upAt = System.nanoTime();
        redis.startAgain();
        Map<String, Long> lost = new LinkedHashMap<>();
        long firstBackMillis = -1;
        for (Map.Entry<String, Client> c : clients.entrySet()) {
            Matcher back = BACK.matcher(c.getValue().nextStatus(Duration.ofSeconds(20)));
            assertThat(back.matches()).as("the status after the outage").isTrue();
            lost.put(c.getKey(), Long.parseLong(back.group(1)));
            firstBackMillis = firstBackMillis < 0 ? millisSince(upAt) : firstBackMillis;
        }
        long allToldBackMillis = millisSince(upAt);
        Map<EchoSender, Integer> firstAfterRecovery = Map.of(alice, alice.next.get(), bob, bob.next.get());
        assertThat(RedisTestSupport.groupSize(redis.url(), prefix, "chat_restart"))
                .as("each node put its members back into the emptied Redis").isEqualTo(4);
        awaitEchoes(List.of(alice, bob), alice.echoed.get() + 100);
        alice.stop();
        bob.stop();

        a2.send("{\"message\": \"end:0\"}");
        Map<String, List<RoomTraffic.Numbered>> received = new LinkedHashMap<>();
        received.put("a1", drainUntilEnd(a1, alice.received));
        received.put("a2", drainUntilEnd(a2, List.of()));
        received.put("b1", drainUntilEnd(b1, List.of()));
        received.put("b2", drainUntilEnd(b2, bob.received));
        int lateErrorsA = drainErrors(a1);
        int lateErrorsB = drainErrors(b2);

        // What failed was reported: to its sender at once, and as a count to every client of its node.
        assertThat(lost.get("a1")).as("node A's clients are told how many of node A's messages failed")
                .isEqualTo(alice.failed.size() + lateErrorsA).isEqualTo(lost.get("a2"));
        assertThat(lost.get("b1")).isEqualTo(bob.failed.size() + lateErrorsB).isEqualTo(lost.get("b2"));
        assertThat(nodeA.line("the Redis channel layer is back after")).hasValueSatisfying(
                line -> assertThat(line).contains("; " + lost.get("a1") + " message(s) could not be queued"));

        Map<String, Long> silentlyLost = new LinkedHashMap<>();
        for (Map.Entry<String, List<RoomTraffic.Numbered>> c : received.entrySet()) {
            Map<String, List<Integer>> bySender = EchoSender.bySender(c.getValue());
            for (EchoSender s : List.of(alice, bob)) {
                List<Integer> got = bySender.getOrDefault(s.name, List.of());
                String who = c.getKey() + " from " + s.name;
                assertThat(got).as(who + ": in order, none twice").isSorted().doesNotHaveDuplicates();
                assertThat(got).as(who + ": nothing that was refused").doesNotContainAnyElementsOf(s.failed);
                int after = firstAfterRecovery.get(s);
                assertThat(new TreeSet<>(got).tailSet(after)).as(who + ": everything sent once both nodes were back")
                        .containsExactlyElementsOf(RoomTraffic.numbers(after, s.sent()));
                Set<Integer> missing = new TreeSet<>(RoomTraffic.numbers(0, after));
                missing.removeAll(got);
                missing.removeAll(s.failed);
                silentlyLost.merge(s.name, (long) missing.size(), Math::max);
            }
        }
        assertThat(RoomTraffic.dropped(nodeA.http())).isZero();
        assertThat(RoomTraffic.dropped(nodeB.http())).isZero();
        System.out.printf("measured: all 4 clients told 'reconnecting' %d ms after shutdown; first told 'back' %d ms,"
                        + " all %d ms after redis-server started; sent alice %d, bob %d; refused and reported alice %d,"
                        + " bob %d; unresolved alice %d, bob %d; most lost without a report for one receiver: %s%n",
                allToldDownMillis, firstBackMillis, allToldBackMillis, alice.sent(), bob.sent(),
                alice.failed.size() + lateErrorsA, bob.failed.size() + lateErrorsB, alice.unresolved.size(),
                bob.unresolved.size(), silentlyLost);
        assertThat(allToldBackMillis).as("every client was told Redis is back within (ms)").isLessThan(10_000);
    }

    private static void awaitEchoes(List<EchoSender> senders, int echoes) {
        await("every sender had " + echoes + " messages echoed").atMost(Duration.ofSeconds(60))
                .until(() -> senders.stream().allMatch(s -> s.echoed.get() >= echoes));
    }

    /** {@code alreadyReceived} plus what is left in the client's queue up to the end marker, which is not included. */
    private static List<RoomTraffic.Numbered> drainUntilEnd(Client client, List<RoomTraffic.Numbered> alreadyReceived) {
        List<RoomTraffic.Numbered> all = new ArrayList<>(alreadyReceived);
        while (true) {
            RoomTraffic.Numbered m = RoomTraffic.parse(client.nextMessage(Duration.ofSeconds(10)));
            if (m.sender().equals("end")) {
                return all;
            }
            all.add(m);
        }
    }

    private static int drainErrors(Client client) {
        int n = 0;
        while (client.pollError() != null) {
            n++;
        }
        return n;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
