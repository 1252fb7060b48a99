package io.channels4j.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LayerSettingsTest {

    @Test
    void theDefaultsAreThoseOfDjangoChannels() {
        LayerSettings defaults = LayerSettings.builder().build();
        assertThat(defaults.expiry()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.groupExpiry()).isEqualTo(Duration.ofSeconds(86400));
        assertThat(defaults.capacity()).isEqualTo(100);
        assertThat(defaults.channelCapacity()).isEmpty();
        assertThat(defaults.clock()).isEqualTo(Clock.systemUTC());
        assertThat(defaults.backPressureWait()).as("channels4j's own: on").isEqualTo(Duration.ofSeconds(2));
        assertThat(LayerSettings.DEFAULTS.capacity()).isEqualTo(100);
        assertThat(LayerSettings.DEFAULTS.capacityFor("anything")).isEqualTo(100);
    }

    @Test
    void theBuilderSetsEveryValue() {
        Clock clock = new MutableClock(Instant.EPOCH);
        LayerSettings s = LayerSettings.builder().expiry(Duration.ofSeconds(5)).groupExpiry(Duration.ofMinutes(2))
                .capacity(7).channelCapacity("http.*", 3).clock(clock).build();
        assertThat(s.expiry()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.groupExpiry()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.capacity()).isEqualTo(7);
        assertThat(s.channelCapacity()).containsExactly(java.util.Map.entry("http.*", 3));
        assertThat(s.clock()).isSameAs(clock);
        assertThat(s.toString()).contains("expiry=PT5S", "capacity=7", "http.*");
    }

    @Test
    void theBackPressureWaitIsZeroForOffOrPositive() {
        assertThat(LayerSettings.builder().backPressureWait(Duration.ZERO).build().backPressureWait()).isZero();
        assertThat(LayerSettings.builder().backPressureWait(Duration.ofMillis(300)).build().toString())
                .contains("backPressureWait=PT0.3S");
        assertThatThrownBy(() -> LayerSettings.builder().backPressureWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backPressureWait");
        assertThatThrownBy(() -> LayerSettings.builder().backPressureWait(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backPressureWait");
    }

    @Test
    void capacityForUsesTheFirstMatchingGlobElseTheDefault() {
        LayerSettings s = LayerSettings.builder().capacity(10)
                .channelCapacity("http.response!*", 1)
                .channelCapacity("http.*", 2)
                .channelCapacity("chat.room?", 3)
                .build();
        assertThat(s.capacityFor("http.response!abc")).isEqualTo(1);
        assertThat(s.capacityFor("http.request")).isEqualTo(2);
        assertThat(s.capacityFor("chat.room1")).isEqualTo(3);
        assertThat(s.capacityFor("chat.room12")).isEqualTo(10);
        assertThat(s.capacityFor("httpXresponse")).as("'.' is literal").isEqualTo(10);
        assertThat(s.capacityFor("other")).isEqualTo(10);
    }

    @Test
    void channelCapacityListsThePatternsInTheOrderTheyAreTried() {
        LayerSettings.Builder b = LayerSettings.builder();
        String[] patterns = {"f*", "e*", "d*", "c*", "b*", "a*", "z?", "y?"};
        for (int i = 0; i < patterns.length; i++) {
            b.channelCapacity(patterns[i], i + 1);
        }
        assertThat(b.build().channelCapacity().keySet()).containsExactly(patterns);
    }

    @Test
    void theSettingsDoNotChangeWhenTheBuilderIsReused() {
        LayerSettings.Builder b = LayerSettings.builder().capacity(5).channelCapacity("a*", 1);
        LayerSettings first = b.build();
        b.capacity(6).channelCapacity("b*", 2);
        assertThat(first.capacity()).isEqualTo(5);
        assertThat(first.channelCapacity()).containsOnlyKeys("a*");
        assertThat(first.capacityFor("b1")).isEqualTo(5);
        assertThatThrownBy(() -> first.channelCapacity().put("c*", 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void durationsMustBePositive() {
        assertThatThrownBy(() -> LayerSettings.builder().expiry(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expiry must be a positive duration, got PT0S");
        assertThatThrownBy(() -> LayerSettings.builder().expiry(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry must be a positive duration");
        assertThatThrownBy(() -> LayerSettings.builder().expiry(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry");
        assertThatThrownBy(() -> LayerSettings.builder().groupExpiry(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupExpiry must be a positive duration");
    }

    @Test
    void capacitiesMustBeAtLeastOne() {
        assertThatThrownBy(() -> LayerSettings.builder().capacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be at least 1, got 0");
        assertThatThrownBy(() -> LayerSettings.builder().channelCapacity("http.*", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'http.*'").hasMessageContaining("at least 1, got -1");
    }

    @Test
    void nullPatternsAndClocksAreRejected() {
        assertThatThrownBy(() -> LayerSettings.builder().channelCapacity(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pattern");
        assertThatThrownBy(() -> LayerSettings.builder().clock(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }
}
