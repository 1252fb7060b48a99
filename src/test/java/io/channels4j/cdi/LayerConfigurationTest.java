package io.channels4j.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import io.channels4j.redis.RedisChannelLayer;
import io.channels4j.redis.RedisLayerSettings;
import io.channels4j.redis.RedisPubSubChannelLayer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerConfigurationTest {

    private static LayerConfiguration config(Map<String, String> properties) {
        return LayerConfiguration.from(name -> Optional.ofNullable(properties.get(name)));
    }

    @Test
    void withoutPropertiesTheLayerIsInMemoryWithTheDefaults() {
        try (ChannelLayer layer = config(Map.of()).createLayer()) {
            assertThat(layer).isInstanceOf(InMemoryChannelLayer.class);
            LayerSettings s = ((InMemoryChannelLayer) layer).settings();
            assertThat(s.expiry()).isEqualTo(Duration.ofSeconds(60));
            assertThat(s.groupExpiry()).isEqualTo(Duration.ofSeconds(86400));
            assertThat(s.capacity()).isEqualTo(100);
            assertThat(s.channelCapacity()).isEmpty();
            assertThat(s.backPressureWait()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0} s")
    @CsvSource({"0.5, 500", "0, 0", "' 3 ', 3000"})
    void theBackPressureWaitIsInSecondsAndZeroTurnsItOff(String value, long millis) {
        LayerSettings s = config(Map.of("channels4j.layer.back-pressure-wait", value)).settings();
        assertThat(s.backPressureWait()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void everyPropertyIsParsed() {
        LayerSettings s = config(Map.of(
                "channels4j.layer", " memory ",
                "channels4j.layer.expiry", "30",
                "channels4j.layer.group-expiry", " 3600 ",
                "channels4j.layer.capacity", "50",
                "channels4j.layer.channel-capacity", "http.response!*=10, websocket.send!*=20,,chat.*=5"))
                .settings();
        assertThat(s.expiry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.groupExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(s.capacity()).isEqualTo(50);
        assertThat(s.channelCapacity()).containsExactly(Map.entry("http.response!*", 10),
                Map.entry("websocket.send!*", 20), Map.entry("chat.*", 5));
        assertThat(s.capacityFor("chat.x")).isEqualTo(5);
    }

    @Test
    void anExplicitMemoryLayerUsesTheParsedSettings() {
        try (ChannelLayer layer = config(Map.of("channels4j.layer", "memory", "channels4j.layer.capacity", "7"))
                .createLayer()) {
            assertThat(((InMemoryChannelLayer) layer).settings().capacity()).isEqualTo(7);
        }
    }

    /**
     * Each bad value, of a property of every layer (read by {@code settings()}) or of the Redis
     * layers (read by {@code redisSettings()}): the reader and {@code createLayer()} refuse it.
     */
    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "memory|channels4j.layer.expiry|abc",
        "memory|channels4j.layer.expiry|1.5",
        "memory|channels4j.layer.expiry|''",
        "memory|channels4j.layer.expiry|0",
        "memory|channels4j.layer.expiry|-5",
        "memory|channels4j.layer.group-expiry|forever",
        "memory|channels4j.layer.group-expiry|0",
        "memory|channels4j.layer.capacity|lots",
        "memory|channels4j.layer.capacity|0",
        "memory|channels4j.layer.capacity|99999999999",
        "memory|channels4j.layer.channel-capacity|nope",
        "memory|channels4j.layer.channel-capacity|=5",
        "memory|channels4j.layer.channel-capacity|' =5'",
        "memory|channels4j.layer.channel-capacity|http.*=x",
        "memory|channels4j.layer.channel-capacity|http.*=0",
        "memory|channels4j.layer.channel-capacity|http.*=-2",
        "redis|channels4j.layer.hosts|''",
        "redis|channels4j.layer.hosts|' , '",
        "redis|channels4j.layer.hosts|http://127.0.0.1:6379",
        "redis|channels4j.layer.hosts|redis://",
        "redis|channels4j.layer.prefix|''",
        "redis|channels4j.layer.prefix|'  '",
        "redis|channels4j.layer.symmetric-encryption-keys|' , '",
        "memory|channels4j.layer.back-pressure-wait|soon",
        "memory|channels4j.layer.back-pressure-wait|-1",
        "memory|channels4j.layer.back-pressure-wait|0.0001",
        "memory|channels4j.layer.back-pressure-wait|NaN",
        "redis|channels4j.layer.command-timeout|soon",
        "redis|channels4j.layer.command-timeout|0",
        "redis|channels4j.layer.command-timeout|0.0001",
        "redis|channels4j.layer.node-timeout|soon",
        "redis|channels4j.layer.node-timeout|0.5",
        "redis|channels4j.layer.node-timeout|-1",
    })
    void aBadValueIsRejectedNamingThePropertyAndTheValue(String layer, String property, String value) {
        LayerConfiguration config = config(Map.of(LayerConfiguration.LAYER, layer, property, value));
        ThrowingCallable reader = layer.equals("memory") ? config::settings : config::redisSettings;
        for (ThrowingCallable read : List.of(reader, config::createLayer)) {
            assertThatThrownBy(read)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(property)
                    .hasMessageContaining("'" + value + "'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "redis|RedisChannelLayer|new-key, old-key",
        "redis-pubsub|RedisPubSubChannelLayer|"})
    void aRedisLayerIsBuiltFromItsPropertiesWithoutConnecting(String kind, String type, String keys) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "channels4j.layer", kind,
                "channels4j.layer.hosts", " redis://10.0.0.1:6379 , redis://10.0.0.2:6380/2 ",
                "channels4j.layer.prefix", "chat",
                "channels4j.layer.command-timeout", "0.5",
                "channels4j.layer.node-timeout", "30",
                "channels4j.layer.capacity", "7"));
        if (keys != null) {
            properties.put("channels4j.layer.symmetric-encryption-keys", keys);
        }
        try (ChannelLayer layer = config(properties).createLayer()) {
            assertThat(layer.getClass().getSimpleName()).isEqualTo(type);
            RedisLayerSettings s = layer instanceof RedisChannelLayer redis ? redis.settings()
                    : ((RedisPubSubChannelLayer) layer).settings();
            assertThat(s.hosts()).containsExactly(URI.create("redis://10.0.0.1:6379"), URI.create("redis://10.0.0.2:6380/2"));
            assertThat(s.prefix()).isEqualTo("chat");
            assertThat(s.symmetricEncryptionKeys()).isEqualTo(keys == null ? List.of() : List.of(keys.split(", ")));
            assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(s.nodeTimeout()).contains(Duration.ofSeconds(30));
            assertThat(s.layer().capacity()).isEqualTo(7);
        }
    }

    @Test
    void thePubSubLayerRefusesEncryptionKeys() {
        assertThatThrownBy(() -> config(Map.of("channels4j.layer", "redis-pubsub",
                "channels4j.layer.symmetric-encryption-keys", "secret")).createLayer())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not encrypt");
    }

    @Test
    void theRedisLayerHasChannelsRedisDefaults() {
        RedisLayerSettings s = config(Map.of("channels4j.layer", "redis")).redisSettings();
        assertThat(s.hosts()).containsExactly(URI.create("redis://127.0.0.1:6379"));
        assertThat(s.prefix()).isEqualTo("asgi");
        assertThat(s.symmetricEncryptionKeys()).isEmpty();
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.layer().expiry()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void withoutLettuceTheRedisLayerFailsNamingTheMissingDependency() throws Exception {
        URL classes = LayerConfiguration.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutLettuce = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> configuration = withoutLettuce.loadClass(LayerConfiguration.class.getName());
            Function<String, Optional<String>> source = name -> Optional.ofNullable(
                    Map.of("channels4j.layer", "redis").get(name));
            Object config = configuration.getMethod("from", Function.class).invoke(null, source);
            Method createLayer = configuration.getMethod("createLayer");

            assertThatThrownBy(() -> createLayer.invoke(config))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("channels4j.layer=redis needs io.lettuce:lettuce-core")
                    .hasMessageContaining("io/lettuce");
            Object memory = configuration.getMethod("from", Function.class)
                    .invoke(null, (Function<String, Optional<String>>) name -> Optional.empty());
            assertThat(createLayer.invoke(memory).getClass().getSimpleName()).isEqualTo("InMemoryChannelLayer");
        }
    }

    @Test
    void anUnknownLayerIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> config(Map.of("channels4j.layer", "kafka")).createLayer())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channels4j.layer must be 'memory', 'redis' or 'redis-pubsub', got 'kafka'");
    }

    @Test
    void fromEnvironmentReadsSystemProperties() {
        String property = "channels4j.layer.capacity";
        String previous = System.getProperty(property);
        System.setProperty(property, "17");
        try {
            assertThat(LayerConfiguration.fromEnvironment().settings().capacity()).isEqualTo(17);
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }
}
