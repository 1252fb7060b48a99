package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySpaceTest {

    @Test
    void shardIndexesMatchChannelsRedisConsistentHash() {
        // channels_redis.utils._consistent_hash("key_one", 2) == 1, (.., 10) == 6; "key_two": 0 and 4.
        assertThat(KeySpace.shard("key_one", 2)).isEqualTo(1);
        assertThat(KeySpace.shard("key_one", 10)).isEqualTo(6);
        assertThat(KeySpace.shard("key_two", 2)).isEqualTo(0);
        assertThat(KeySpace.shard("key_two", 10)).isEqualTo(4);
        assertThat(KeySpace.shard("anything", 1)).isZero();
    }

    @Test
    void keysAreNamedAsChannelsRedisNamesThem() {
        KeySpace keys = new KeySpace("asgi", 1);
        assertThat(keys.queue("specific.3f2c!9a1b")).isEqualTo("asgispecific.3f2c!");
        assertThat(keys.queue("worker.tasks")).isEqualTo("asgiworker.tasks");
        assertThat(keys.group("chat_lobby")).isEqualTo("asgi:group:chat_lobby");
        assertThat(KeySpace.backup("asgispecific.3f2c!")).isEqualTo("asgispecific.3f2c!$inflight");
    }

    @Test
    void aProcessLocalChannelLivesOnTheHostOfItsNonLocalName() {
        KeySpace keys = new KeySpace("asgi", 10);
        for (int i = 0; i < 50; i++) {
            String channel = "specific.abc" + i + "!xyz" + i;
            assertThat(keys.hostOfQueue(channel)).isEqualTo(KeySpace.shard("specific.abc" + i + "!", 10));
        }
        assertThat(keys.hostOfGroup("key_one")).isEqualTo(6);
    }

    @Test
    void theFlushPatternEscapesGlobCharactersOfThePrefix() {
        assertThat(new KeySpace("asgi", 1).everyKeyPattern()).isEqualTo("asgi*");
        assertThat(new KeySpace("a*b?[c]\\", 1).everyKeyPattern()).isEqualTo("a\\*b\\?\\[c\\]\\\\*");
    }
}
