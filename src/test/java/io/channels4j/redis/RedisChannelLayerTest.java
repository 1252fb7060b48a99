package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerContractTest;
import io.channels4j.layer.InvalidNameException;
import io.channels4j.layer.LayerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channel-layer contract on the real Redis of 127.0.0.1:6379, plus what only the Redis layer
 * does. Every test has a key prefix of its own, deleted afterwards. The contract's expiry tests
 * move the settings clock: the Redis layer scores messages and memberships with that clock, so
 * moving it ages them in Redis as well.
 */
class RedisChannelLayerTest extends ChannelLayerContractTest {

    private final String prefix = RedisTestSupport.uniquePrefix();

    @BeforeAll
    static void redisIsThere() {
        RedisTestSupport.requireSharedRedis();
    }

    @AfterEach
    void deleteThisTestsKeys() {
        RedisTestSupport.deleteKeys(RedisTestSupport.SHARED, prefix);
    }

    @Override
    protected Optional<String> without(Part part) {
        return part == Part.RELEASE_DROPS_QUEUED ? Optional.of("the messages of a process's channels wait in one"
                + " Redis queue shared by all of them until the receive loop takes them into the process; a release"
                + " drops what the process holds, and what arrives later for the channel expires") : Optional.empty();
    }

    @Override
    protected ChannelLayer createLayer(LayerSettings settings) {
        return new RedisChannelLayer(RedisLayerSettings.builder()
                .hosts(RedisTestSupport.SHARED).prefix(prefix).layer(settings).build());
    }

    @Test
    void receivingOnAnotherInstancesProcessLocalChannelIsRefused() throws Exception {
        ChannelLayer other = open(settings());
        String theirs = newChannel(other);
        assertThatThrownBy(() -> layer.receive(theirs)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("another layer instance");
    }

    @Test
    void keysAreLaidOutAsChannelsRedisLaysThemOut() throws Exception {
        String channel = await(layer.newChannel("specific"));
        String group = unique("room");
        await(layer.groupAdd(group, channel));
        await(layer.send(channel, message(1)));

        assertThat(channel).matches("specific\\.[0-9a-f]{32}![0-9a-f]{32}");
        String queueKey = prefix + channel.substring(0, channel.indexOf('!') + 1);
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> {
            assertThat(redis.type(queueKey)).isEqualTo("zset");
            assertThat(redis.zcard(queueKey)).isEqualTo(1);
            assertThat(redis.pttl(queueKey)).isBetween(1L, 60_000L);
            assertThat(redis.type(prefix + ":group:" + group)).isEqualTo("zset");
            assertThat(redis.zrange(prefix + ":group:" + group, 0, -1)).containsExactly(channel);
            assertThat(redis.zscore(prefix + ":group:" + group, channel))
                    .isCloseTo(clock.millis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
        });
    }

    @Test
    void aBusyChannelDoesNotMakeAQuietChannelOfTheSameProcessFull() throws Exception {
        // The sender checks the receiving process's Redis queue against its own capacity setting, as
        // channels_redis does; the receiver bounds each of its channels by its own.
        ChannelLayer receiver = open(settings().capacity(2));
        ChannelLayer sender = open(settings().capacity(100));
        String busy = newChannel(receiver);
        String quiet = newChannel(receiver);
        List<Map<String, Object>> quietGot = new ArrayList<>();
        var quietReceive = receiver.receive(quiet).toCompletableFuture();

        for (int i = 0; i < 5; i++) {
            await(sender.send(busy, message(i)));
        }
        await(sender.send(quiet, message(99)));
        quietGot.add(await(quietReceive));

        assertThat(quietGot).containsExactly(message(99));
        org.awaitility.Awaitility.await().atMost(WAIT)
                .untilAsserted(() -> assertThat(receiver.stats().droppedFull()).isEqualTo(3));
        assertThat(await(receiver.receive(busy))).isEqualTo(message(0));
        assertThat(await(receiver.receive(busy))).isEqualTo(message(1));
        assertNothingQueued(receiver, busy);
    }

    @Test
    void aMessageWaitingInTheProcessBufferExpiresToo() throws Exception {
        ChannelLayer receiver = open(settings());
        ChannelLayer sender = open(settings());
        receiver.receive(newChannel(receiver)).toCompletableFuture().cancel(false);
        String channel = newChannel(receiver);
        long expiredBefore = receiver.stats().expired();
        await(sender.send(channel, message(1)));
        org.awaitility.Awaitility.await().atMost(WAIT)
                .untilAsserted(() -> assertThat(receiver.stats().channels()).isEqualTo(1));

        clock.advance(java.time.Duration.ofSeconds(61));

        assertNothingQueued(receiver, channel);
        assertThat(receiver.stats().expired() - expiredBefore).isEqualTo(1);
    }

    @Test
    void aMessageThisLayerCannotDecryptIsDroppedAndTheNextOneArrives() throws Exception {
        ChannelLayer plain = open(settings());
        ChannelLayer encrypted = new RedisChannelLayer(RedisLayerSettings.builder().hosts(RedisTestSupport.SHARED)
                .prefix(prefix).layer(settings().build()).symmetricEncryptionKeys(java.util.List.of("k")).build());
        try {
            String channel = newChannel(plain);
            var receiving = plain.receive(channel).toCompletableFuture();
            await(encrypted.send(channel, message(1)));
            await(plain.send(channel, message(2)));
            assertThat(await(receiving)).isEqualTo(message(2));
        } finally {
            encrypted.close();
        }
    }

    @Test
    void aCancelledReceiveOnANormalChannelLeavesTheMessageForTheNextReceive() throws Exception {
        String channel = unique("worker.jobs");
        var abandoned = layer.receive(channel).toCompletableFuture();
        assertThat(abandoned.cancel(false)).isTrue();
        await(layer.send(channel, message(1)));
        assertThat(await(layer.receive(channel))).isEqualTo(message(1));
    }

    @Test
    void workersOfTwoProcessesShareANormalChannelEachMessageGoingToOne() throws Exception {
        ChannelLayer other = open(settings());
        String channel = unique("worker.jobs");
        List<java.util.concurrent.CompletableFuture<Map<String, Object>>> receiving = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receiving.add(layer.receive(channel).toCompletableFuture());
            receiving.add(other.receive(channel).toCompletableFuture());
        }
        for (int i = 0; i < 6; i++) {
            await(layer.send(channel, message(i)));
        }
        List<Map<String, Object>> got = new ArrayList<>();
        for (var r : receiving) {
            got.add(await(r));
        }
        assertThat(got).containsExactlyInAnyOrder(message(0), message(1), message(2), message(3), message(4), message(5));
    }
}
