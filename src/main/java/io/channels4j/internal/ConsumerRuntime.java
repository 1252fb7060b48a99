package io.channels4j.internal;

import io.channels4j.ConsumerStats;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.LayerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything the consumers of one application share: the channel layer, the executors that run
 * handlers, the limits and the counters. Owned by whoever deploys the consumers (the embedded
 * server, the CDI container, the test kit); connections only read it.
 *
 * @param layer the channel layer
 * @param blockingExecutor runs synchronous consumers' handlers and blocking work of async ones
 * @param eventExecutor runs asynchronous consumers' handlers, which must not block
 * @param outboundLimit frames one connection may have waiting to be written before it is closed
 * @param metrics the counters the connections update
 * @param live the connections open now, for a graceful stop
 */
public record ConsumerRuntime(ChannelLayer layer, Executor blockingExecutor, Executor eventExecutor,
                              int outboundLimit, Metrics metrics, Set<Connection> live) {

    /** The default number of frames a connection may have waiting to be written. */
    public static final int DEFAULT_OUTBOUND_LIMIT = 1024;

    /** Checks every part. */
    public ConsumerRuntime {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        Objects.requireNonNull(eventExecutor, "eventExecutor");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(live, "live");
        if (outboundLimit < 1) {
            throw new IllegalArgumentException("outboundLimit must be at least 1, got " + outboundLimit);
        }
    }

    /**
     * Closes every open connection with {@code code} and waits up to {@code timeout} for their
     * {@code disconnect} steps to finish.
     *
     * @return whether all finished in time
     */
    public boolean closeAll(int code, String reason, Duration timeout) {
        List<CompletableFuture<Void>> finishing = new ArrayList<>();
        for (Connection c : live) {
            c.close(code, reason);
            finishing.add(c.finished().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the consumers and the layer of this runtime are doing now. */
    public ConsumerStats stats() {
        LayerStats layerStats = layer.stats();
        return new ConsumerStats(metrics.connections(), layerStats.groups(), layerStats.channels(),
                metrics.messagesIn(), metrics.messagesOut(), metrics.events(),
                metrics.dropped() + layerStats.droppedFull() + layerStats.expired());
    }

    /** A runtime over {@code layer} with the shared default executors. */
    public static ConsumerRuntime of(ChannelLayer layer) {
        return new ConsumerRuntime(layer, Executors.blocking(), Executors.events(), DEFAULT_OUTBOUND_LIMIT,
                new Metrics(), ConcurrentHashMap.newKeySet());
    }
}
