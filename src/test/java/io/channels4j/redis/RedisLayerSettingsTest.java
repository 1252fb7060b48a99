package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.LayerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisLayerSettingsTest {

    @Test
    void theDefaultsAreChannelsRedisDefaults() {
        RedisLayerSettings s = RedisLayerSettings.builder().build();
        assertThat(s.hosts()).containsExactly(URI.create("redis://127.0.0.1:6379"));
        assertThat(s.prefix()).isEqualTo("asgi");
        assertThat(s.layer()).isSameAs(LayerSettings.DEFAULTS);
        assertThat(s.symmetricEncryptionKeys()).isEmpty();
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theNodeTimeoutIsTwentySecondsZeroTurnsLivenessOffAndLessThanASecondIsRefused() {
        assertThat(RedisLayerSettings.builder().build().nodeTimeout()).contains(Duration.ofSeconds(20));
        assertThat(RedisLayerSettings.builder().nodeTimeout(Duration.ZERO).build().nodeTimeout()).isEmpty();
        assertThatThrownBy(() -> RedisLayerSettings.builder().nodeTimeout(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero (off) or at least 1 s");
        assertThatThrownBy(() -> RedisLayerSettings.builder().nodeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostsKeepTheirOrderWhichDecidesSharding() {
        RedisLayerSettings s = RedisLayerSettings.builder().hosts("redis://b:1", "rediss://a:2/3").build();
        assertThat(s.hosts()).containsExactly(URI.create("redis://b:1"), URI.create("rediss://a:2/3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "127.0.0.1:6379", "http://127.0.0.1:6379", "redis://", "redis://:6379", "redis://a b"})
    void aHostThatIsNoRedisUrlIsRefused(String url) {
        assertThatThrownBy(() -> RedisLayerSettings.builder().hosts(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyOrUnsafeValuesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> RedisLayerSettings.builder().hosts(List.of()))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> RedisLayerSettings.builder().prefix(""))
                .hasMessageContaining("flush deletes every key starting with it");
        assertThatThrownBy(() -> RedisLayerSettings.builder().prefix("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisLayerSettings.builder().symmetricEncryptionKeys(List.of("")))
                .hasMessageContaining("must not be null or empty");
        assertThatThrownBy(() -> RedisLayerSettings.builder().commandTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void textShowsNeitherPasswordsNorKeys() {
        String text = RedisLayerSettings.builder().hosts("redis://:hunter2@db:6379/1")
                .symmetricEncryptionKeys(List.of("swordfish")).build().toString();
        assertThat(text).contains("redis://db:6379/1", "encrypted=true").doesNotContain("hunter2", "swordfish");
    }
}
