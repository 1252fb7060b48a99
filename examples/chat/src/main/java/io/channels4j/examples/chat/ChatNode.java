package io.channels4j.examples.chat;

import io.channels4j.cdi.LayerConfiguration;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.redis.RedisChannelLayer;
import io.channels4j.redis.RedisPubSubChannelLayer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One running chat: the embedded server with the chat's consumers and pages, on the channel layer
 * the options choose. Several nodes on {@code --layer redis} with the same Redis and prefix share
 * their rooms. The consumers do not know which layer they run on.
 *
 * <p>The node builds the layer itself, with {@link LayerConfiguration}: {@code --layer} and
 * {@code --redis-url} set {@code channels4j.layer} and {@code channels4j.layer.hosts}; every other
 * {@code channels4j.layer.*} property comes from the system properties or the environment. It
 * checks that Redis answers (for either Redis layer) before it opens its port, and {@link #close()} stops the server, then
 * closes the layer.
 */
public final class ChatNode implements AutoCloseable {

    private final EmbeddedServer server;
    private final ChannelLayer layer;

    private ChatNode(EmbeddedServer server, ChannelLayer layer) {
        this.server = server;
        this.layer = layer;
    }

    /**
     * Builds the layer, checks Redis answers (for the Redis layers), and starts the server.
     *
     * @throws IllegalArgumentException when a {@code channels4j.layer.*} property has a bad value,
     *     naming it
     * @throws ChannelLayerException when Redis does not answer, naming it
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static ChatNode start(ChatOptions options) {
        ChannelLayer layer = createLayer(options, ChatNode::systemOrEnvironment);
        try {
            if (layer instanceof RedisChannelLayer redis) {
                requireAnswer(redis.ping(), redis.settings().commandTimeout());
            } else if (layer instanceof RedisPubSubChannelLayer pubSub) {
                requireAnswer(pubSub.ping(), pubSub.settings().commandTimeout());
            }
            EmbeddedServer server = ChatServer.configure(EmbeddedServer.builder().host(options.host())
                    .port(options.port())).channelLayer(layer).build().start();
            return new ChatNode(server, layer);
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    /**
     * The layer {@code options} choose: their flags over the {@code channels4j.layer.*} properties
     * that {@code properties} supplies.
     */
    static ChannelLayer createLayer(ChatOptions options, Function<String, Optional<String>> properties) {
        Map<String, String> flags = options.layer().equals("memory") ? Map.of(LayerConfiguration.LAYER, "memory")
                : Map.of(LayerConfiguration.LAYER, options.layer(), "channels4j.layer.hosts", options.redisUrl());
        return LayerConfiguration.from(name -> Optional.ofNullable(flags.get(name)).or(() -> properties.apply(name)))
                .createLayer();
    }

    /** The embedded server. */
    public EmbeddedServer server() {
        return server;
    }

    /** The channel layer the consumers share. */
    public ChannelLayer layer() {
        return layer;
    }

    /** Stops the server (closing every connection with 1001), then closes the layer. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            layer.close();
        }
    }

    private static void requireAnswer(CompletionStage<Void> ping, Duration commandTimeout) {
        long waitMillis = commandTimeout.toMillis() + 1000;
        try {
            ping.toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ChannelLayerException failure ? failure
                    : new ChannelLayerException("Redis did not answer PING: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ChannelLayerException("Redis did not answer PING within " + waitMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelLayerException("interrupted while waiting for Redis", e);
        }
    }

    private static Optional<String> systemOrEnvironment(String name) {
        return Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(System.getenv(
                name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))));
    }
}
