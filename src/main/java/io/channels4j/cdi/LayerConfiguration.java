package io.channels4j.cdi;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import io.channels4j.redis.RedisChannelLayer;
import io.channels4j.redis.RedisLayerSettings;
import io.channels4j.redis.RedisPubSubChannelLayer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds the application's channel layer from configuration properties: the counterpart of
 * Django's {@code CHANNEL_LAYERS} setting. Properties are read from MicroProfile Config where the
 * server has it, else from system properties, else from environment variables
 * ({@code channels4j.layer.capacity} -> {@code CHANNELS4J_LAYER_CAPACITY}).
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code channels4j.layer}</td><td>{@code memory} (one process), {@code redis} or
 *       {@code redis-pubsub} (fire-and-forget)</td><td>memory</td></tr>
 *   <tr><td>{@code channels4j.layer.expiry}</td><td>seconds an undelivered message is kept</td><td>60</td></tr>
 *   <tr><td>{@code channels4j.layer.group-expiry}</td><td>seconds a group membership lasts</td><td>86400</td></tr>
 *   <tr><td>{@code channels4j.layer.capacity}</td><td>messages a channel holds</td><td>100</td></tr>
 *   <tr><td>{@code channels4j.layer.channel-capacity}</td><td>{@code glob=n,glob=n}: per-pattern capacities</td><td>none</td></tr>
 *   <tr><td>{@code channels4j.layer.back-pressure-wait}</td><td>in-memory layer: seconds (decimals allowed) a
 *       connection whose group send found full channels waits for them before its next frame; 0 turns
 *       back-pressure off</td><td>2</td></tr>
 *   <tr><td>{@code channels4j.layer.hosts}</td><td>Redis layer: comma-separated {@code redis://} URLs (several shard)</td><td>{@code redis://127.0.0.1:6379}</td></tr>
 *   <tr><td>{@code channels4j.layer.prefix}</td><td>Redis layer: the start of every key</td><td>{@code asgi}</td></tr>
 *   <tr><td>{@code channels4j.layer.symmetric-encryption-keys}</td><td>Redis layer: comma-separated keys; the first encrypts</td><td>none</td></tr>
 *   <tr><td>{@code channels4j.layer.command-timeout}</td><td>Redis layer: seconds one Redis command may take</td><td>2</td></tr>
 *   <tr><td>{@code channels4j.layer.node-timeout}</td><td>Redis layer: seconds a node without heartbeat counts as alive; 0 turns liveness off</td><td>20</td></tr>
 * </table>
 *
 * <p>The Redis classes (and Lettuce, which they need) are loaded only when {@code redis} or
 * {@code redis-pubsub} is chosen. The pub/sub layer reads the same properties but has no encryption
 * and ignores the expiry settings.
 */
public final class LayerConfiguration {

    /** The property that picks the layer. */
    public static final String LAYER = "channels4j.layer";

    private final Function<String, Optional<String>> source;

    private LayerConfiguration(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** Reads MicroProfile Config, system properties and environment variables, in that order. */
    public static LayerConfiguration fromEnvironment() {
        return new LayerConfiguration(io.channels4j.internal.Settings::property);
    }

    /** Reads properties from {@code source} alone (for tests, or an application's own settings). */
    public static LayerConfiguration from(Function<String, Optional<String>> source) {
        return new LayerConfiguration(source);
    }

    /**
     * The settings the properties describe.
     *
     * @throws IllegalArgumentException when a property has a bad value, naming it
     */
    public LayerSettings settings() {
        LayerSettings.Builder b = LayerSettings.builder();
        property("channels4j.layer.expiry", v -> b.expiry(Duration.ofSeconds(parse(v))));
        property("channels4j.layer.group-expiry", v -> b.groupExpiry(Duration.ofSeconds(parse(v))));
        property("channels4j.layer.capacity", v -> b.capacity(parse(v)));
        property("channels4j.layer.back-pressure-wait", v -> b.backPressureWait(seconds(v)));
        property("channels4j.layer.channel-capacity", spec -> {
            for (String pair : spec.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.lastIndexOf('=');
                String glob = eq < 0 ? "" : pair.substring(0, eq).trim();
                if (glob.isEmpty()) {
                    throw new IllegalArgumentException("it must be 'glob=n,glob=n', got the entry '"
                            + pair.trim() + "'");
                }
                b.channelCapacity(glob, parse(pair.substring(eq + 1)));
            }
        });
        return b.build();
    }

    /**
     * Creates the configured layer.
     *
     * @throws IllegalArgumentException when a property has a bad value, naming it
     */
    public ChannelLayer createLayer() {
        String kind = source.apply(LAYER).map(String::trim).orElse("memory");
        return switch (kind) {
            case "memory" -> new InMemoryChannelLayer(settings());
            case "redis" -> redisLayer(false);
            case "redis-pubsub" -> redisLayer(true);
            default -> throw new IllegalArgumentException(LAYER + " must be 'memory', 'redis' or 'redis-pubsub', got '"
                    + kind + "'");
        };
    }

    /**
     * The settings of the Redis layer the properties describe. Loads no Lettuce class.
     *
     * @throws IllegalArgumentException when a property has a bad value, naming it
     */
    public RedisLayerSettings redisSettings() {
        RedisLayerSettings.Builder b = RedisLayerSettings.builder().layer(settings());
        property("channels4j.layer.hosts", v -> b.hosts(commaSeparated(v)));
        property("channels4j.layer.prefix", v -> b.prefix(v.trim()));
        property("channels4j.layer.symmetric-encryption-keys", v -> {
            List<String> keys = commaSeparated(v);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("it must list at least one key; leave it unset for no encryption");
            }
            b.symmetricEncryptionKeys(keys);
        });
        property("channels4j.layer.command-timeout", v -> b.commandTimeout(seconds(v)));
        property("channels4j.layer.node-timeout", v -> b.nodeTimeout(seconds(v)));
        return b.build();
    }

    private ChannelLayer redisLayer(boolean pubSub) {
        RedisLayerSettings redis = redisSettings();
        try {
            return pubSub ? new RedisPubSubChannelLayer(redis) : new RedisChannelLayer(redis);
        } catch (NoClassDefFoundError missing) {
            throw new IllegalStateException(LAYER + "=" + (pubSub ? "redis-pubsub" : "redis") + " needs io.lettuce:lettuce-core (6.8) and"
                    + " org.msgpack:msgpack-core (0.9) on the class path: they are optional dependencies of"
                    + " channels4j, add them to your application (missing: " + missing.getMessage() + ")", missing);
        }
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration seconds(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value.trim());
            return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("must be a number of seconds such as 2 or 0.5, got '" + value.trim() + "'");
        }
    }

    /** Applies the property's value, if it has one; a bad value fails naming the property. */
    private void property(String name, Consumer<String> apply) {
        source.apply(name).ifPresent(value -> {
            try {
                apply.accept(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + "='" + value + "' is invalid: " + e.getMessage(), e);
            }
        });
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number up to " + Integer.MAX_VALUE
                    + ", got '" + value.trim() + "'");
        }
    }
}
