package io.channels4j.redis;

import io.channels4j.layer.Sweeper;
import io.channels4j.layer.ChannelLayerException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The layer's Redis servers: one shared, pipelined command connection per host (Lettuce
 * reconnects it by itself and rejects commands while it is disconnected, so calls fail fast),
 * dedicated connections for blocking pops, and for the pub/sub layer subscription connections
 * (reconnected and re-subscribed by Lettuce; losing one marks its host down). Maps every failure to a
 * {@link ChannelLayerException} naming the operation and the host, and keeps {@link Availability}
 * up to date: a failing host is probed until it answers again.
 */
final class RedisHosts {

    private static final Duration PROBE_PERIOD = Duration.ofMillis(250);

    private final List<Host> hosts = new ArrayList<>();
    private final ClientResources resources;
    private final RedisClient commandClient;
    private final RedisClient blockingClient;
    private final Duration commandTimeout;
    private final Availability availability;
    private final Map<Integer, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();
    private final SocketOptions socket;
    private final Map<Object, Integer> subscriptionHosts = new ConcurrentHashMap<>();
    private RedisClient pubSubClient;
    private volatile boolean closed;

    /** @param restore re-establishes what this layer keeps on a host that answers again */
    RedisHosts(List<URI> urls, Duration commandTimeout, IntFunction<CompletionStage<?>> restore) {
        this.commandTimeout = commandTimeout;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.socket = SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build();
        this.commandClient = newClient(true, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        this.blockingClient = newClient(false, ClientOptions.DisconnectedBehavior.DEFAULT);
        for (URI url : urls) {
            RedisURI uri = RedisURI.create(url);
            uri.setTimeout(commandTimeout);
            hosts.add(new Host(uri, RedisLayerSettings.withoutCredentials(url)));
        }
        this.availability = new Availability(this::startProbing, host -> {
            stopProbing(host);
            return restore.apply(host);
        }, this::describe);
    }

    int count() {
        return hosts.size();
    }

    /** Asks every host for {@code PING}: completes when all answered, or fails naming one that did not. */
    CompletableFuture<Void> pingAll() {
        CompletableFuture<?>[] perHost = new CompletableFuture<?>[count()];
        for (int host = 0; host < perHost.length; host++) {
            perHost[host] = call(host, "ping", redis -> redis.ping());
        }
        return CompletableFuture.allOf(perHost);
    }

    Availability availability() {
        return availability;
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    /** The host as {@code redis://host:port}, without credentials. */
    String describe(int host) {
        return hosts.get(host).display;
    }

    /**
     * Runs {@code command} on the host's command connection (connecting first if needed).
     *
     * @param what the operation, for error messages: "send to 'x'"
     * @return the result, or a failure with a {@link ChannelLayerException}; a
     *     {@link HostUnreachableException} when the host did not answer
     */
    <T> CompletableFuture<T> call(int host, String what,
                                  Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> command) {
        Host h = hosts.get(host);
        CompletableFuture<T> result = new CompletableFuture<>();
        h.connection().thenCompose(c -> command.apply(c.async())).whenComplete((value, failure) -> {
            if (failure == null) {
                availability.reachable(host);
                result.complete(value);
            } else {
                result.completeExceptionally(translate(host, what, failure));
            }
        });
        return result;
    }

    /**
     * Opens a subscription connection to {@code host} that hands every message to
     * {@code listener}. Lettuce reconnects it and re-subscribes its channels by itself; commands
     * given while it reconnects wait for it (up to the command timeout). When it drops, the host
     * is marked down, so the layer is reported down and, once the host answers, restored.
     *
     * @return the connection, or a failure with a {@link ChannelLayerException}
     */
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub(
            int host, RedisPubSubListener<byte[], byte[]> listener) {
        CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> result = new CompletableFuture<>();
        pubSubClient().connectPubSubAsync(ByteArrayCodec.INSTANCE, hosts.get(host).uri).toCompletableFuture()
                .whenComplete((connection, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(translate(host, "subscribing", failure));
                    } else {
                        connection.addListener(listener);
                        subscriptionHosts.put(connection, host);
                        result.complete(connection);
                    }
                });
        return result;
    }

    /**
     * A client on the shared resources and socket options, with command timeouts; one that does
     * not reconnect by itself is for connections this class replaces when they fail.
     */
    private RedisClient newClient(boolean autoReconnect, ClientOptions.DisconnectedBehavior whileDisconnected) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(autoReconnect)
                .disconnectedBehavior(whileDisconnected)
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled())
                .build());
        return client;
    }

    private synchronized RedisClient pubSubClient() {
        if (pubSubClient == null) {
            pubSubClient = newClient(true, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
            pubSubClient.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    Integer host = subscriptionHosts.get(connection);
                    if (host != null && !closed) {
                        translate(host, "receiving subscribed messages", new java.io.IOException(
                                "the subscription connection was lost"));
                    }
                }
            });
        }
        return pubSubClient;
    }

    /** Deletes every key matching {@code pattern} on {@code host}, a page of SCAN at a time (never KEYS). */
    CompletableFuture<Void> deleteKeys(int host, String pattern) {
        return deleteKeys(host, ScanArgs.Builder.matches(pattern).limit(1000), ScanCursor.INITIAL);
    }

    private CompletableFuture<Void> deleteKeys(int host, ScanArgs match, ScanCursor cursor) {
        return call(host, "flush", redis -> redis.scan(cursor, match)).thenCompose(page -> {
            CompletableFuture<Long> deleted = page.getKeys().isEmpty() ? CompletableFuture.completedFuture(0L)
                    : call(host, "flush", redis -> redis.unlink(page.getKeys().toArray(byte[][]::new)));
            return deleted.thenCompose(n -> page.isFinished() ? CompletableFuture.completedFuture(null)
                    : deleteKeys(host, match, page));
        });
    }

    /**
     * Opens a dedicated connection for blocking commands, waiting at most the command timeout;
     * its commands may take {@code blockFor} longer than the command timeout. Not reconnected:
     * the caller closes it on failure and opens another.
     */
    StatefulRedisConnection<byte[], byte[]> openBlocking(int host, Duration blockFor) {
        RedisURI uri = RedisURI.builder(hosts.get(host).uri).withTimeout(commandTimeout.plus(blockFor)).build();
        try {
            return blockingClient.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
                    .get(commandTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelLayerException("interrupted while connecting to " + describe(host), e);
        } catch (ExecutionException | TimeoutException e) {
            throw translate(host, "connecting for receiving", e);
        }
    }

    /** Maps a failure of {@code what} on {@code host}, marking the host down when it did not answer. */
    ChannelLayerException translate(int host, String what, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ChannelLayerException known) {
            return known;
        }
        if (closed) {
            return new ChannelLayerException(what + " failed: this RedisChannelLayer was closed", cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            return new ChannelLayerException(what + " failed: Redis at " + describe(host) + " answered '"
                    + cause.getMessage() + "'", cause);
        }
        HostUnreachableException unreachable = new HostUnreachableException(what + " failed: Redis at " + describe(host)
                + " is unreachable (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", cause);
        availability.unreachable(host, unreachable);
        return unreachable;
    }

    void close() {
        closed = true;
        probes.values().forEach(p -> p.cancel(false));
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Host h : hosts) {
            closing.add(h.close());
        }
        for (Object subscription : subscriptionHosts.keySet()) {
            closing.add(((StatefulRedisPubSubConnection<?, ?>) subscription).closeAsync());
        }
        subscriptionHosts.clear();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // Closing is best effort: the client shutdown below releases the sockets anyway.
        }
        commandClient.shutdownAsync(0, 2, TimeUnit.SECONDS);
        blockingClient.shutdownAsync(0, 2, TimeUnit.SECONDS);
        synchronized (this) {
            if (pubSubClient != null) {
                pubSubClient.shutdownAsync(0, 2, TimeUnit.SECONDS);
            }
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private void startProbing(int host) {
        if (closed) {
            return;
        }
        probes.computeIfAbsent(host, h -> Sweeper.every(PROBE_PERIOD,
                () -> call(h, "probing", c -> c.ping()).exceptionally(unanswered -> null)));
    }

    private void stopProbing(int host) {
        ScheduledFuture<?> probe = probes.remove(host);
        if (probe != null) {
            probe.cancel(false);
        }
    }

    /** A failure because a Redis host did not answer; counts towards {@code layer.up}'s lost messages. */
    static final class HostUnreachableException extends ChannelLayerException {
        HostUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One server and its command connection, opened at first use and reopened while opening fails. */
    private final class Host {
        final RedisURI uri;
        final String display;
        private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection;

        Host(RedisURI uri, String display) {
            this.uri = uri;
            this.display = display;
        }

        synchronized CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection() {
            if (closed) {
                return CompletableFuture.failedFuture(new ChannelLayerException("this RedisChannelLayer was closed"));
            }
            if (connection == null || connection.isCompletedExceptionally()) {
                connection = commandClient.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
            }
            return connection;
        }

        synchronized CompletableFuture<?> close() {
            if (connection == null) {
                return CompletableFuture.completedFuture(null);
            }
            return connection.thenCompose(StatefulRedisConnection::closeAsync)
                    .exceptionally(neverOpened -> null);
        }
    }
}
