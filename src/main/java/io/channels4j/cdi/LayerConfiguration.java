package io.channels4j.cdi;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
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
 *   <tr><td>{@code channels4j.layer}</td><td>{@code memory} (one process) or {@code redis}</td><td>memory</td></tr>
 *   <tr><td>{@code channels4j.layer.expiry}</td><td>seconds an undelivered message is kept</td><td>60</td></tr>
 *   <tr><td>{@code channels4j.layer.group-expiry}</td><td>seconds a group membership lasts</td><td>86400</td></tr>
 *   <tr><td>{@code channels4j.layer.capacity}</td><td>messages a channel holds</td><td>100</td></tr>
 *   <tr><td>{@code channels4j.layer.channel-capacity}</td><td>{@code glob=n,glob=n}: per-pattern capacities</td><td>none</td></tr>
 * </table>
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
        return new LayerConfiguration(name -> microProfile(name)
                .or(() -> Optional.ofNullable(System.getProperty(name)))
                .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_')
                        .replace('-', '_')))));
    }

    /** Reads properties from {@code source} alone (for tests, or an application's own settings). */
    public static LayerConfiguration from(Function<String, Optional<String>> source) {
        return new LayerConfiguration(source);
    }

    /** The settings the properties describe. */
    public LayerSettings settings() {
        LayerSettings.Builder b = LayerSettings.builder();
        seconds("channels4j.layer.expiry").ifPresent(b::expiry);
        seconds("channels4j.layer.group-expiry").ifPresent(b::groupExpiry);
        integer("channels4j.layer.capacity").ifPresent(b::capacity);
        source.apply("channels4j.layer.channel-capacity").ifPresent(spec -> {
            for (String pair : spec.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.lastIndexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("channels4j.layer.channel-capacity must be 'glob=n,glob=n',"
                            + " got '" + spec + "'");
                }
                b.channelCapacity(pair.substring(0, eq).trim(), parse("channels4j.layer.channel-capacity",
                        pair.substring(eq + 1).trim()));
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
            case "redis" -> throw new IllegalArgumentException(LAYER + "=redis: the Redis channel layer is not"
                    + " available in this version of channels4j; use " + LAYER + "=memory");
            default -> throw new IllegalArgumentException(LAYER + " must be 'memory' or 'redis', got '" + kind + "'");
        };
    }

    private Optional<Duration> seconds(String name) {
        return integer(name).map(Duration::ofSeconds);
    }

    private Optional<Integer> integer(String name) {
        return source.apply(name).map(v -> parse(name, v.trim()));
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static Optional<String> microProfile(String name) {
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider");
            Object config = provider.getMethod("getConfig").invoke(null);
            Method get = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
            @SuppressWarnings("unchecked")
            Optional<String> value = (Optional<String>) get.invoke(config, name, String.class);
            return value;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError noMicroProfile) {
            return Optional.empty();
        }
    }
}
