package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.InMemoryChannelLayer;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every setting is read through the one lookup, and a bad value is refused naming the setting. */
class SettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("channels4j.blocking.threads");
        System.clearProperty("channels4j.event.threads");
        System.clearProperty("channels4j.layer.sync-timeout-seconds");
        System.clearProperty("channels4j.development");
        System.clearProperty("channels4j.outbound.max-frames");
    }

    @Test
    void thePoolSizesComeFromTheSettings() {
        System.setProperty("channels4j.blocking.threads", "7");
        System.setProperty("channels4j.event.threads", "3");
        ThreadPoolExecutor blocking = Executors.newBlockingPool();
        ThreadPoolExecutor events = Executors.newEventPool();
        try {
            assertThat(blocking.getMaximumPoolSize()).isEqualTo(7);
            assertThat(events.getMaximumPoolSize()).isEqualTo(3);
        } finally {
            blocking.shutdown();
            events.shutdown();
        }
    }

    @Test
    void theSyncTimeoutComesFromTheSettings() {
        System.setProperty("channels4j.layer.sync-timeout-seconds", "4");
        try (var layer = new InMemoryChannelLayer()) {
            assertThat(ConsumerRuntime.of(layer).syncTimeout).isEqualTo(Duration.ofSeconds(4));
        }
    }

    @Test
    void theOutboundLimitComesFromTheSettings() {
        try (var layer = new InMemoryChannelLayer()) {
            assertThat(ConsumerRuntime.of(layer).outboundLimit).isEqualTo(1024);
            System.setProperty("channels4j.outbound.max-frames", "16");
            assertThat(ConsumerRuntime.of(layer).outboundLimit).isEqualTo(16);
            System.setProperty("channels4j.outbound.max-frames", "3000000000");
            assertThatThrownBy(() -> ConsumerRuntime.of(layer)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("setting channels4j.outbound.max-frames must be a whole number >= 1"
                            + " and <= 2147483647, got '3000000000'");
        }
    }

    @Test
    void aBadNumberIsRefusedNamingTheSettingAndTheValue() {
        System.setProperty("channels4j.blocking.threads", "many");
        assertThatThrownBy(Executors::newBlockingPool).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting channels4j.blocking.threads must be a whole number >= 1, got 'many'");
        System.setProperty("channels4j.blocking.threads", "0");
        assertThatThrownBy(Executors::newBlockingPool).hasMessageContaining(">= 1, got '0'");
    }

    @Test
    void aFlagIsTrueOrFalseAndAnythingElseIsRefused() {
        assertThat(Settings.flag("channels4j.development", false)).isFalse();
        System.setProperty("channels4j.development", " TRUE ");
        assertThat(Settings.flag("channels4j.development", false)).isTrue();
        System.setProperty("channels4j.development", "yes");
        assertThatThrownBy(() -> Settings.flag("channels4j.development", false))
                .hasMessage("setting channels4j.development must be true or false, got 'yes'");
    }

    @Test
    void theEnvironmentNameOfASettingIsUpperCaseWithUnderscores() {
        String path = System.getenv("PATH");
        assertThat(Settings.property("path")).contains(path);
    }
}
