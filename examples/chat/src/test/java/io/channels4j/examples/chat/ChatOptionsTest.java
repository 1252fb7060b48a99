package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatOptionsTest {

    @Test
    void defaultsAreLoopbackPort8080AndTheMemoryLayer() {
        ChatOptions options = ChatOptions.parse();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.layer()).isEqualTo("memory");
        assertThat(options.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(options.help()).isFalse();
    }

    @Test
    void thePubSubLayerTakesARedisUrlToo() {
        assertThat(ChatOptions.parse("--layer", "redis-pubsub", "--redis-url", "redis://127.0.0.1:6380"))
                .isEqualTo(new ChatOptions("127.0.0.1", 8080, "redis-pubsub", "redis://127.0.0.1:6380", false));
    }

    @Test
    void theRedisLayerUsesTheLocalRedisUnlessAUrlIsGiven() {
        assertThat(ChatOptions.parse("--layer", "redis").redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(ChatOptions.parse("--layer", "redis", "--redis-url", "rediss://:secret@10.0.0.5:6380/2").redisUrl())
                .isEqualTo("rediss://:secret@10.0.0.5:6380/2");
    }

    @Test
    void everyFlagIsRead() {
        ChatOptions options = ChatOptions.parse("--host", "127.0.0.2", "--port", "9000", "--layer", "redis",
                "--redis-url", "redis://127.0.0.1:6380");
        assertThat(options).isEqualTo(new ChatOptions("127.0.0.2", 9000, "redis", "redis://127.0.0.1:6380", false));
    }

    @Test
    void unknownFlagsAndBadValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ChatOptions.parse("--bogus")).hasMessageContaining("unknown flag '--bogus'");
        assertThatThrownBy(() -> ChatOptions.parse("--port", "70000")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> ChatOptions.parse("--port", "http")).hasMessageContaining("'http'");
        assertThatThrownBy(() -> ChatOptions.parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> ChatOptions.parse("--layer", "kafka"))
                .hasMessageContaining("memory, redis or redis-pubsub");
        assertThatThrownBy(() -> ChatOptions.parse("--layer", "redis", "--redis-url", "http://x"))
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> ChatOptions.parse("--layer", "redis", "--redis-url", "redis://:6379"))
                .hasMessage("--redis-url is invalid: the Redis URL 'redis://:6379' names no host");
        assertThatThrownBy(() -> ChatOptions.parse("--redis-url", "redis://127.0.0.1:6380"))
                .hasMessageContaining("--redis-url needs --layer redis or redis-pubsub");
    }
}
