package io.channels4j.redis;

import io.channels4j.layer.ChannelLayerException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Receiving on normal channels (no {@code !}): shared work queues that any process may pop. While
 * a channel has waiting receives, it is polled with {@code BZPOPMIN} on a dedicated connection,
 * asynchronously (no thread is held), taking one message per waiter; with several hosts the poll
 * turns from host to host, as senders spread normal channels over all of them. A message popped
 * after its receive was given up goes back into the queue with its score, still first in line.
 */
final class NormalChannels {

    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");

    private final ConcurrentHashMap<String, Poller> pollers = new ConcurrentHashMap<>();
    private final RedisHosts hosts;
    private final Function<String, String> queueKey;
    private final Function<ScoredValue<byte[]>, Map<String, Object>> decoder;
    private volatile boolean closed;

    /**
     * @param decoder turns a popped member into its message (without routing key), or null when it
     *     is dropped (expired, undecodable; counted by the decoder)
     */
    NormalChannels(RedisHosts hosts, Function<String, String> queueKey,
                   Function<ScoredValue<byte[]>, Map<String, Object>> decoder) {
        this.hosts = hosts;
        this.queueKey = queueKey;
        this.decoder = decoder;
    }

    CompletableFuture<Map<String, Object>> receive(String channel) {
        CompletableFuture<Map<String, Object>> waiter = new CompletableFuture<>();
        while (true) {
            Poller poller = pollers.computeIfAbsent(channel, Poller::new);
            if (poller.add(waiter)) {
                break;
            }
        }
        return waiter;
    }

    /** Channels with waiting receives. */
    int size() {
        return pollers.size();
    }

    void close(ChannelLayerException cause) {
        closed = true;
        for (Poller poller : pollers.values()) {
            poller.fail(cause);
        }
    }

    /** One channel's waiting receives and its poll; guarded by itself. */
    private final class Poller {
        private final String channel;
        private final byte[] key;
        private final ArrayDeque<CompletableFuture<Map<String, Object>>> waiters = new ArrayDeque<>();
        private final Map<Integer, StatefulRedisConnection<byte[], byte[]>> connections = new HashMap<>();
        private final Duration popTimeout;
        private boolean polling;
        private boolean retired;
        private int nextHost;
        private long backoff = 100;

        Poller(String channel) {
            this.channel = channel;
            this.key = KeySpace.bytes(queueKey.apply(channel));
            this.popTimeout = Duration.ofSeconds(hosts.count() == 1 ? 5 : 1);
        }

        /** @return false when this poller was retired and a new one must be made */
        boolean add(CompletableFuture<Map<String, Object>> waiter) {
            boolean start;
            synchronized (this) {
                if (retired) {
                    return false;
                }
                waiters.add(waiter);
                start = !polling;
                polling = true;
            }
            waiter.whenComplete((m, failure) -> {
                if (failure != null) {
                    synchronized (this) {
                        waiters.remove(waiter);
                    }
                }
            });
            if (start) {
                poll();
            }
            return true;
        }

        private void poll() {
            int host;
            StatefulRedisConnection<byte[], byte[]> open;
            synchronized (this) {
                if (waiters.isEmpty() || closed) {
                    polling = false;
                    retired = true;
                    pollers.remove(channel, this);
                    connections.values().forEach(StatefulRedisConnection::closeAsync);
                    connections.clear();
                    return;
                }
                host = nextHost;
                nextHost = (nextHost + 1) % hosts.count();
                open = connections.get(host);
            }
            CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection = open != null
                    ? CompletableFuture.completedFuture(open)
                    : CompletableFuture.supplyAsync(() -> remember(host, hosts.openBlocking(host, popTimeout)));
            connection.thenCompose(c -> c.async().bzpopmin(popTimeout.toMillis() / 1000.0, key).toCompletableFuture())
                    .whenComplete((popped, failure) -> {
                        if (failure != null) {
                            failed(host, failure);
                        } else {
                            synchronized (this) {
                                backoff = 100;
                            }
                            if (popped != null && popped.hasValue()) {
                                handOver(host, popped);
                            }
                            poll();
                        }
                    });
        }

        private synchronized StatefulRedisConnection<byte[], byte[]> remember(int host,
                StatefulRedisConnection<byte[], byte[]> connection) {
            if (closed || retired) {
                connection.closeAsync();
                throw new ChannelLayerException("this RedisChannelLayer was closed");
            }
            connections.put(host, connection);
            return connection;
        }

        private void handOver(int host, KeyValue<byte[], ScoredValue<byte[]>> popped) {
            Map<String, Object> message = decoder.apply(popped.getValue());
            if (message == null) {
                return;
            }
            while (true) {
                CompletableFuture<Map<String, Object>> waiter;
                synchronized (this) {
                    waiter = waiters.poll();
                }
                if (waiter == null) {
                    putBack(host, popped.getValue());
                    return;
                }
                if (waiter.complete(message)) {
                    return;
                }
            }
        }

        private void putBack(int host, ScoredValue<byte[]> member) {
            hosts.call(host, "putting back a message of '" + channel + "'",
                    c -> c.zadd(key, member.getScore(), member.getValue())).exceptionally(failure -> {
                        LOG.log(Level.WARNING, "a message popped from '" + channel + "' after its receive was given up"
                                + " could not be put back; it is lost", failure);
                        return null;
                    });
        }

        private void failed(int host, Throwable failure) {
            if (closed) {
                poll();
                return;
            }
            hosts.translate(host, "receiving on '" + channel + "'", failure);
            long pause;
            synchronized (this) {
                StatefulRedisConnection<byte[], byte[]> broken = connections.remove(host);
                if (broken != null) {
                    broken.closeAsync();
                }
                pause = backoff;
                backoff = Math.min(backoff * 2, 2000);
            }
            CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS).execute(this::poll);
        }

        void fail(ChannelLayerException cause) {
            CompletableFuture<?>[] failing;
            synchronized (this) {
                failing = waiters.toArray(CompletableFuture[]::new);
                waiters.clear();
                connections.values().forEach(StatefulRedisConnection::closeAsync);
                connections.clear();
            }
            for (CompletableFuture<?> waiter : failing) {
                waiter.completeExceptionally(cause);
            }
        }
    }
}
