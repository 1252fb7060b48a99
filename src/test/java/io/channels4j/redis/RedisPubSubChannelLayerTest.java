package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerContractTest;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.LayerSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channel-layer contract for {@link RedisPubSubChannelLayer} on the real Redis of
 * 127.0.0.1:6379, minus what a fire-and-forget layer cannot do (each skipped with its reason), plus
 * what it does instead. Every test has a prefix of its own; pub/sub channels leave nothing behind.
 */
class RedisPubSubChannelLayerTest extends ChannelLayerContractTest {

    /** A prefix starts every pub/sub channel name, so it has no ':'. */
    private final String prefix = RedisTestSupport.uniquePrefix().replace(':', '-');

    @BeforeAll
    static void redisIsThere() {
        RedisTestSupport.requireSharedRedis();
    }

    @AfterEach
    void nothingIsStoredInRedis() {
        assertThat(RedisTestSupport.countKeys(RedisTestSupport.SHARED, prefix)).as("keys under the prefix").isZero();
    }

    @Override
    protected ChannelLayer createLayer(LayerSettings settings) {
        return new RedisPubSubChannelLayer(RedisLayerSettings.builder()
                .hosts(RedisTestSupport.SHARED).prefix(prefix).layer(settings).build());
    }

    @Override
    protected Optional<String> without(Part part) {
        return Optional.ofNullable(switch (part) {
            case PROCESS_LOCAL_NAMES -> "channels_redis's pub/sub names are <prefix>specific.<32 hex>, without '!':"
                    + " every channel is a subscription";
            case SEND_SIDE_CAPACITY -> "fire-and-forget: a sender cannot know how full a receiver is; the receiver"
                    + " bounds its buffer instead (aReceiverBuffersUpToCapacityAndCountsWhatItDrops)";
            case EXPIRY -> "nothing is kept in Redis, so nothing expires there; memberships live in the process";
            case QUEUED_NORMAL_CHANNELS -> "a message published before anyone subscribes reaches no one"
                    + " (aNormalChannelCarriesMessagesOnceSomeoneReceivesOnIt)";
            case CANCELLED_RECEIVE_KEEPS_THE_CHANNEL -> "as in channels_redis, cancelling the only receive gives the"
                    + " channel up (aCancelledReceiveGivesTheChannelUp)";
            case MEMBER_COUNTS -> "groupSend counts the subscribed processes Redis handed the message to"
                    + " (groupSendReachesEveryMemberAndCountsTheSubscribedLayers)";
            case SHARED_MEMBERSHIP -> "memberships live only in each process's subscriptions: no process can list"
                    + " or count a group, nor leave members out of a publication"
                    + " (withoutSharedMembershipTheCallsSaySoAndNameTheLayerThatCan)";
            case FLUSHED_QUEUES -> "there is no queue to empty: a message published just before flush may still"
                    + " be on its way from Redis when flush returns (flush empties the groups, checked before)";
            case RELEASE_DROPS_QUEUED -> "a message published just before the release may still be on its way"
                    + " from Redis (the release drops what the process has buffered)";
        });
    }

    private static long subscribers(String channel) {
        long[] count = new long[1];
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> count[0] = redis.pubsubNumsub(channel).get(channel));
        return count[0];
    }

    @Test
    void channelNamesAreChannelsRedisPubSubNamesSubscribedBeforeNewChannelCompletes() throws Exception {
        String channel = await(layer.newChannel("specific"));
        assertThat(channel).matches(java.util.regex.Pattern.quote(prefix) + "specific\\.[0-9a-f]{32}");
        assertThat(subscribers(channel)).isEqualTo(1);
    }

    @Test
    void aNormalChannelCarriesMessagesOnceSomeoneReceivesOnIt() throws Exception {
        String channel = unique("worker.tasks");
        await(layer.send(channel, message(0)));
        CompletableFuture<Map<String, Object>> receiving = layer.receive(channel).toCompletableFuture();
        Awaitility.await().atMost(WAIT).until(() -> subscribers(channel) == 1);
        await(layer.send(channel, message(1)));
        assertThat(await(receiving)).as("message 0 was published to no one").isEqualTo(message(1));
    }

    @Test
    void aCancelledReceiveGivesTheChannelUp() throws Exception {
        String channel = newChannel(layer);
        layer.receive(channel).toCompletableFuture().cancel(false);
        Awaitility.await().atMost(WAIT).until(() -> subscribers(channel) == 0);
        assertThat(layer.stats().channels()).isZero();
    }

    @Test
    void aReceiverBuffersUpToCapacityAndCountsWhatItDrops() throws Exception {
        ChannelLayer small = open(settings().capacity(3));
        String channel = newChannel(small);
        for (int i = 0; i < 5; i++) {
            await(layer.send(channel, message(i)));
        }
        Awaitility.await().atMost(WAIT).until(() -> small.stats().droppedFull() == 2);
        for (int i = 0; i < 3; i++) {
            assertThat(await(small.receive(channel))).isEqualTo(message(i));
        }
        assertNothingQueued(small, channel);
    }

    @Test
    void groupSendReachesEveryMemberAndCountsTheSubscribedLayers() throws Exception {
        ChannelLayer other = open(settings());
        String group = unique("room");
        List<String> here = List.of(newMember(layer, group), newMember(layer, group));
        String there = newMember(other, group);

        assertThat(await(other.groupSend(group, message(1)))).isEqualTo(new GroupSendResult(2, 0));

        for (String member : here) {
            assertThat(await(layer.receive(member))).isEqualTo(message(1));
        }
        assertThat(await(other.receive(there))).isEqualTo(message(1));
        assertThat(subscribers(prefix + "__group__" + group)).isEqualTo(2);
    }

    @Test
    void theLastMemberLeavingUnsubscribesTheGroup() throws Exception {
        String group = unique("room");
        String a = newMember(layer, group);
        String b = newMember(layer, group);
        await(layer.groupDiscard(group, a));
        assertThat(subscribers(prefix + "__group__" + group)).isEqualTo(1);
        await(layer.groupDiscard(group, b));
        assertThat(subscribers(prefix + "__group__" + group)).isZero();
        assertThat(layer.stats().groups()).isZero();
    }

    @Test
    void encryptionKeysAreRefusedBecauseThePubSubFormatHasNone() {
        assertThatThrownBy(() -> new RedisPubSubChannelLayer(RedisLayerSettings.builder().prefix(prefix)
                .symmetricEncryptionKeys(List.of("secret")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not encrypt");
    }

    @Test
    void aMessagePublishedByAnotherClientThatIsNotMessagePackIsDroppedAndTheReceiverKeepsWaiting() throws Exception {
        String channel = newChannel(layer);
        CompletableFuture<Map<String, Object>> receiving = layer.receive(channel).toCompletableFuture();
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> redis.publish(channel, "not msgpack"));
        await(layer.send(channel, message(2)));
        assertThat(await(receiving)).isEqualTo(message(2));
    }

    @Test
    void aPrefixThatCannotStartAChannelNameIsRefused() {
        assertThatThrownBy(() -> new RedisPubSubChannelLayer(RedisLayerSettings.builder().prefix("chat:").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'chat:'");
    }

    @Test
    void pingAnswers() throws Exception {
        assertThat(await(((RedisPubSubChannelLayer) layer).ping())).isNull();
    }
}
