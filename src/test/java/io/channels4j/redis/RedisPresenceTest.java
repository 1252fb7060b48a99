package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.LayerSettings;
import io.channels4j.presence.Presence;
import io.channels4j.presence.PresenceContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The presence contract on the real Redis of 127.0.0.1:6379, where every instance sharing a
 * prefix is a node of one cluster, plus the Redis keys and what only the Redis layer does.
 */
class RedisPresenceTest extends PresenceContractTest {

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
    protected ChannelLayer createLayer() {
        return layer(LayerSettings.builder().build());
    }

    private ChannelLayer layer(LayerSettings settings) {
        return new RedisChannelLayer(RedisLayerSettings.builder()
                .hosts(RedisTestSupport.SHARED).prefix(prefix).layer(settings).build());
    }

    @Override
    protected boolean instancesShare() {
        return true;
    }

    @Test
    void entriesLiveInAHashPerGroupThatExpiresWithTheGroupExpiry() throws Exception {
        String ada = channel(layer);
        await(presence.track(room, ada, "ada", Map.of("tab", 1)));

        String key = prefix + ":presence:" + room;
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> {
            assertThat(redis.type(key)).isEqualTo("hash");
            assertThat(redis.hkeys(key)).containsExactly(ada);
            assertThat(redis.pttl(key)).isBetween(1L, Duration.ofDays(1).toMillis());
        });
    }

    @Test
    void aRefreshWritesTheEntryAgainWhenRedisLostIt() throws Exception {
        String ada = channel(layer);
        await(presence.track(room, ada, "ada", Map.of("tab", 1)));
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> redis.del(prefix + ":presence:" + room));
        assertThat(await(presence.list(room))).isEmpty();

        await(layer.refreshMemberships(ada));

        assertThat(await(presence.list(room))).isEqualTo(Map.of("ada", List.of(Map.of("tab", 1))));
    }

    @Test
    void anEntryAnotherWriterCorruptedIsSkippedAndCounted() throws Exception {
        await(presence.track(room, channel(layer), "ada", Map.of()));
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> redis.hset(prefix + ":presence:" + room,
                "specific.x!y", "not msgpack"));
        long before = layer.stats().unreadable();

        assertThat(await(presence.list(room))).isEqualTo(Map.of("ada", List.of(Map.of())));
        assertThat(layer.stats().unreadable()).isEqualTo(before + 1);
    }

    @Test
    void thePubSubLayerKeepsNoPresenceAndSaysWhichLayerDoes() {
        RedisPubSubChannelLayer pubSub = new RedisPubSubChannelLayer(RedisLayerSettings.builder()
                .hosts(RedisTestSupport.SHARED).prefix("presence-pubsub").build());
        try {
            assertThatThrownBy(() -> new Presence(pubSub).list(room))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("channels4j.layer=redis");
        } finally {
            pubSub.close();
        }
    }
}
