package io.channels4j.redis;

import io.channels4j.layer.LayerSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a {@link RedisChannelLayer}, named and defaulted as channels_redis's
 * {@code CHANNEL_LAYERS} options so that Java and Python processes sharing a Redis can be
 * configured alike:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>here</th><th>channels_redis</th><th>default</th></tr>
 *   <tr><td>{@link Builder#hosts hosts}</td><td>{@code hosts}</td><td>{@code redis://127.0.0.1:6379}</td></tr>
 *   <tr><td>{@link Builder#prefix prefix}</td><td>{@code prefix}</td><td>{@code asgi}</td></tr>
 *   <tr><td>{@link Builder#layer layer}: expiry, group expiry, capacity, channel capacity</td>
 *       <td>{@code expiry}, {@code group_expiry}, {@code capacity}, {@code channel_capacity}</td>
 *       <td>60 s, 86400 s, 100, none</td></tr>
 *   <tr><td>{@link Builder#symmetricEncryptionKeys symmetricEncryptionKeys}</td>
 *       <td>{@code symmetric_encryption_keys}</td><td>none (no encryption)</td></tr>
 *   <tr><td>{@link Builder#commandTimeout commandTimeout}</td><td>(none)</td><td>2 s</td></tr>
 *   <tr><td>{@link Builder#nodeTimeout nodeTimeout}</td><td>(none)</td><td>20 s</td></tr>
 * </table>
 *
 * <p>Immutable; build with {@link #builder()}. Building needs neither Lettuce nor a Redis.
 */
public final class RedisLayerSettings {

    /** The Redis of a default installation on this machine. */
    public static final String DEFAULT_HOST = "redis://127.0.0.1:6379";

    private final List<URI> hosts;
    private final String prefix;
    private final LayerSettings layer;
    private final List<String> symmetricEncryptionKeys;
    private final Duration commandTimeout;
    private final Duration nodeTimeout;

    private RedisLayerSettings(Builder b) {
        this.hosts = List.copyOf(b.hosts.isEmpty() ? List.of(URI.create(DEFAULT_HOST)) : b.hosts);
        this.prefix = b.prefix;
        this.layer = b.layer;
        this.symmetricEncryptionKeys = List.copyOf(b.symmetricEncryptionKeys);
        this.commandTimeout = b.commandTimeout;
        this.nodeTimeout = b.nodeTimeout;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Redis servers, in the order that decides sharding (keep it the same in every process). */
    public List<URI> hosts() {
        return hosts;
    }

    /** The start of every key this layer writes. */
    public String prefix() {
        return prefix;
    }

    /** The settings every layer shares: expiry, group expiry, capacities, clock. */
    public LayerSettings layer() {
        return layer;
    }

    /** The encryption keys, first one encrypting; empty when messages travel unencrypted. */
    public List<String> symmetricEncryptionKeys() {
        return symmetricEncryptionKeys;
    }

    /** How long one Redis command may take before the call fails. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * How long a silent node counts as alive (see {@link Builder#nodeTimeout}); empty when this
     * node neither beats nor prunes.
     */
    public Optional<Duration> nodeTimeout() {
        return nodeTimeout.isZero() ? Optional.empty() : Optional.of(nodeTimeout);
    }

    @Override
    public String toString() {
        return "RedisLayerSettings[hosts=" + hosts.stream().map(RedisLayerSettings::withoutCredentials).toList()
                + ", prefix=" + prefix + ", " + layer + ", encrypted="
                + !symmetricEncryptionKeys.isEmpty() + ", commandTimeout=" + commandTimeout
                + ", nodeTimeout=" + nodeTimeout + "]";
    }

    /** {@code scheme://host:port[/db]}: the URL without user and password, for messages and logs. */
    static String withoutCredentials(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null || url.getPath().isEmpty() || url.getPath().equals("/") ? "" : url.getPath());
    }

    /** Builds {@link RedisLayerSettings}; every setter checks its value. */
    public static final class Builder {
        private final List<URI> hosts = new ArrayList<>();
        private String prefix = "asgi";
        private LayerSettings layer = LayerSettings.DEFAULTS;
        private final List<String> symmetricEncryptionKeys = new ArrayList<>();
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration nodeTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        /**
         * The Redis servers as {@code redis://[:password@]host:port[/db]} or {@code rediss://}
         * URLs, replacing any given before. Several servers shard the keys; every process sharing
         * them must list the same servers in the same order.
         */
        public Builder hosts(List<String> urls) {
            Objects.requireNonNull(urls, "hosts must not be null");
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("hosts must list at least one redis:// URL");
            }
            List<URI> parsed = new ArrayList<>();
            for (String url : urls) {
                parsed.add(redisUrl(url));
            }
            hosts.clear();
            hosts.addAll(parsed);
            return this;
        }

        /** The servers, as {@link #hosts(List)}. */
        public Builder hosts(String... urls) {
            return hosts(List.of(urls));
        }

        /**
         * The start of every key ({@code asgi} by default, as in channels_redis); Java and Python
         * processes that talk to each other must use the same prefix. {@link RedisChannelLayer#flush()}
         * deletes every key that starts with it.
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix must not be null");
            if (prefix.isEmpty() || prefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("prefix must be non-empty and free of spaces and control"
                        + " characters (flush deletes every key starting with it), got '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /** Expiry, group expiry, capacities and clock, shared with the other layers. */
        public Builder layer(LayerSettings layer) {
            this.layer = Objects.requireNonNull(layer, "layer settings must not be null");
            return this;
        }

        /**
         * Encrypts messages with Fernet as channels_redis does with the same keys; the first key
         * encrypts, every key decrypts (list an old key after the new one while rotating). Replaces
         * any keys given before; an empty list turns encryption off.
         */
        public Builder symmetricEncryptionKeys(List<String> keys) {
            Objects.requireNonNull(keys, "symmetricEncryptionKeys must not be null");
            for (String key : keys) {
                if (key == null || key.isEmpty()) {
                    throw new IllegalArgumentException("an encryption key must not be null or empty");
                }
            }
            symmetricEncryptionKeys.clear();
            symmetricEncryptionKeys.addAll(keys);
            return this;
        }

        /**
         * How long a Redis command may take before the call fails with a
         * {@code ChannelLayerException} (default 2 s). An unreachable server fails calls at once.
         */
        public Builder commandTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be a positive duration, got " + timeout);
            }
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * How long a channels4j node whose heartbeat stopped still counts as alive (default 20 s;
         * it beats every quarter of it, so a killed node is found within about 1.25 times this).
         * The survivors then remove its channels from every group, once. Zero turns heartbeats
         * and pruning off for this node (its channels are then only pruned by {@code group_expiry}).
         */
        public Builder nodeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || (!timeout.isZero() && timeout.compareTo(Duration.ofSeconds(1)) < 0)) {
                throw new IllegalArgumentException("nodeTimeout must be zero (off) or at least 1 s, got " + timeout);
            }
            this.nodeTimeout = timeout;
            return this;
        }

        /** The immutable settings. */
        public RedisLayerSettings build() {
            return new RedisLayerSettings(this);
        }

        private static URI redisUrl(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("a Redis host must be a redis:// URL, got " + (url == null ? "null" : "''"));
            }
            try {
                URI uri = new URI(url.trim());
                if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("a Redis host must be a redis:// or rediss:// URL, got '" + url + "'");
                }
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("the Redis URL '" + url + "' names no host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage(), e);
            }
        }
    }
}
