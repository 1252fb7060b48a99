package io.channels4j.layer;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The contract, plus what only the in-memory layer promises: no leaks, presence, thread safety. */
class InMemoryChannelLayerTest extends ChannelLayerContractTest {

    @Override
    protected ChannelLayer createLayer(LayerSettings settings) {
        return new InMemoryChannelLayer(settings);
    }

    private InMemoryChannelLayer memory(LayerSettings.Builder settings) {
        return (InMemoryChannelLayer) open(settings);
    }

    @Test
    void statsReturnToZeroAfterReceiversAreCancelledAndGroupsEmptied() throws Exception {
        InMemoryChannelLayer l = memory(settings());
        String group = unique("room");
        List<String> channels = List.of(newMember(l, group), newMember(l, group), newMember(l, group));
        List<CompletableFuture<Map<String, Object>>> receivers = new ArrayList<>();
        for (String channel : channels) {
            receivers.add(l.receive(channel).toCompletableFuture());
        }
        assertThat(l.stats()).isEqualTo(new LayerStats(1, 3, 0, 0));

        receivers.forEach(r -> r.cancel(false));
        for (String channel : channels) {
            await(l.groupDiscard(group, channel));
        }

        assertThat(l.stats()).isEqualTo(new LayerStats(0, 0, 0, 0));
    }

    @Test
    void aReceiveThatTimesOutLeavesNothingBehindAndSwallowsNothing() throws Exception {
        InMemoryChannelLayer l = memory(settings());
        String channel = newChannel(l);
        CompletableFuture<Map<String, Object>> timed = l.receive(channel).toCompletableFuture()
                .orTimeout(1, MILLISECONDS);
        assertThatThrownBy(() -> timed.get(2, SECONDS)).hasCauseInstanceOf(TimeoutException.class);

        Awaitility.await().atMost(WAIT)
                .untilAsserted(() -> assertThat(l.stats()).isEqualTo(new LayerStats(0, 0, 0, 0)));
        await(l.send(channel, message(1)));
        assertThat(await(l.receive(channel))).isEqualTo(message(1));
    }

    @Test
    void aQueuedMessageHoldsItsChannelUntilReceived() throws Exception {
        InMemoryChannelLayer l = memory(settings());
        String channel = newChannel(l);
        await(l.send(channel, message(1)));
        assertThat(l.stats().channels()).isEqualTo(1);
        await(l.receive(channel));
        assertThat(l.stats().channels()).isZero();
    }

    @Test
    void groupMembersListsTheLiveMembers() throws Exception {
        InMemoryChannelLayer l = memory(settings().groupExpiry(Duration.ofSeconds(100)));
        String group = unique("presence");
        String old = newMember(l, group);
        clock.advance(Duration.ofSeconds(60));
        String recent = newMember(l, group);
        String left = newMember(l, group);
        await(l.groupDiscard(group, left));
        assertThat(l.groupMembers(group).toCompletableFuture().join()).containsExactlyInAnyOrder(old, recent);

        clock.advance(Duration.ofSeconds(41));

        assertThat(l.groupMembers(group).toCompletableFuture().join()).containsExactly(recent);
        assertThatThrownBy(() -> l.groupMembers(group).toCompletableFuture().join().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(l.groupMembers(unique("nobody")).toCompletableFuture().join()).isEmpty();
        assertThatThrownBy(() -> l.groupMembers("bad group").toCompletableFuture().join()).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void tenThousandJoinAndLeaveCyclesLeaveNothingBehind() throws Exception {
        InMemoryChannelLayer l = memory(settings());
        String group = unique("churn");
        for (int i = 0; i < 10_000; i++) {
            String channel = await(l.newChannel("churn"));
            await(l.groupAdd(group, channel));
            l.receive(channel).toCompletableFuture().cancel(false);
            await(l.groupDiscard(group, channel));
        }
        assertThat(l.stats()).isEqualTo(new LayerStats(0, 0, 0, 0));
    }

    @Test
    void concurrentSendersLoseNothing() throws Exception {
        int senders = 4;
        int each = 2_500;
        InMemoryChannelLayer l = memory(settings().capacity(senders * each));
        String channel = newChannel(l);
        ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
        try {
            Future<List<Map<String, Object>>> received = pool.submit(() -> {
                List<Map<String, Object>> got = new ArrayList<>();
                for (int i = 0; i < senders * each; i++) {
                    got.add(l.receive(channel).toCompletableFuture().get(5, SECONDS));
                }
                return got;
            });
            List<Future<Void>> sent = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                Callable<Void> sendAll = () -> {
                    for (int i = 0; i < each; i++) {
                        l.send(channel, Map.of("sender", sender, "seq", i)).toCompletableFuture().get(5, SECONDS);
                    }
                    return null;
                };
                sent.add(pool.submit(sendAll));
            }
            for (Future<Void> f : sent) {
                f.get(20, SECONDS);
            }

            int[] next = new int[senders];
            for (Map<String, Object> m : received.get(20, SECONDS)) {
                int sender = (Integer) m.get("sender");
                assertThat(m.get("seq")).as("sender %d's order", sender).isEqualTo(next[sender]);
                next[sender]++;
            }
            assertThat(next).containsOnly(each);
            assertThat(l.stats()).isEqualTo(new LayerStats(0, 0, 0, 0));
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, SECONDS)).isTrue();
        }
    }

    @Test
    void theTimerDropsExpiredMessagesAndMembershipsNobodyTouches() throws Exception {
        InMemoryChannelLayer l = memory(settings().expiry(Duration.ofMillis(100)).groupExpiry(Duration.ofSeconds(1)));
        await(l.send(newChannel(l), message(1)));
        newMember(l, unique("idle"));
        assertThat(l.stats()).isEqualTo(new LayerStats(1, 1, 0, 0));

        clock.advance(Duration.ofSeconds(2));

        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(l.stats()).isEqualTo(new LayerStats(0, 0, 0, 1)));
    }

    @Test
    void settingsAreTheOnesItWasBuiltWith() {
        LayerSettings settings = settings().capacity(7).build();
        try (InMemoryChannelLayer l = new InMemoryChannelLayer(settings)) {
            assertThat(l.settings()).isSameAs(settings);
        }
        try (InMemoryChannelLayer l = new InMemoryChannelLayer()) {
            assertThat(l.settings()).isSameAs(LayerSettings.DEFAULTS);
        }
    }
}
