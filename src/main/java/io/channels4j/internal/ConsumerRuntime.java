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
 * handlers, the limits, the error policy and the counters. Owned by whoever deploys the consumers
 * (the embedded server, the CDI container, the test kit); connections only read it. Its settings
 * are read once, when it is built.
 */
public final class ConsumerRuntime {

    /** The setting for how many frames a connection may have waiting to be written. */
    public static final String OUTBOUND_LIMIT = "channels4j.outbound.max-frames";
    /** The default number of frames a connection may have waiting to be written. */
    static final int DEFAULT_OUTBOUND_LIMIT = 1024;

    // Read by the connections of this package; fixed when the runtime is built.
    final ChannelLayer layer;
    /** Runs synchronous consumers' handlers and blocking work of async ones. */
    final Executor blockingExecutor;
    /** Runs asynchronous consumers' handlers, which must not block. */
    final Executor eventExecutor;
    /** How many frames a connection may have waiting to be written. */
    final int outboundLimit;
    /** How long a synchronous consumer's layer call may wait. */
    final Duration syncTimeout;
    final ErrorPolicy errors;
    /** What a JSON consumer's frame may hold. */
    final JsonLimits jsonLimits;
    /** The largest message of an endpoint whose class sets none. */
    final MessageLimit messageLimit;
    final Metrics metrics = new Metrics();
    /** Connections whose {@code disconnect} has not finished yet; each adds and removes itself. */
    final Set<Connection> liveConnections = ConcurrentHashMap.newKeySet();
    /** Refreshes the open connections' group memberships before they lapse. */
    final MembershipRefresh membershipRefresh;

    ConsumerRuntime(ChannelLayer layer, Executor blockingExecutor, Executor eventExecutor) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.eventExecutor = Objects.requireNonNull(eventExecutor, "eventExecutor");
        this.outboundLimit = Settings.count(OUTBOUND_LIMIT, DEFAULT_OUTBOUND_LIMIT, 1);
        this.syncTimeout = Duration.ofSeconds(Settings.wholeNumber(Futures.SYNC_TIMEOUT, 30, 1));
        this.errors = ErrorPolicy.fromSettings();
        this.jsonLimits = JsonLimits.fromSettings();
        this.messageLimit = MessageLimit.fromSettings();
        this.membershipRefresh = new MembershipRefresh(layer, liveConnections, Connection::channelNameOrNull);
    }

    /** The largest message clients may send to endpoints whose class sets no limit of its own. */
    public MessageLimit defaultMessageLimit() {
        return messageLimit;
    }

    /** The largest message clients may send to endpoints of {@code consumerClass}. */
    public MessageLimit messageLimitOf(Class<?> consumerClass) {
        return messageLimit.forClass(consumerClass);
    }

    /**
     * Logs, as a client error, that the server refused a message over {@code limit} before it
     * reached a connection (the embedded server refuses it while it arrives).
     */
    public void refusedTooBig(String who, MessageLimit limit) {
        errors.tooBig(who, limit, null);
    }

    /** A runtime over {@code layer} with the process's shared executors. */
    public static ConsumerRuntime of(ChannelLayer layer) {
        return new ConsumerRuntime(layer, Executors.blocking(), Executors.events());
    }

    /**
     * Closes every open connection with 1001 (going away) and waits up to {@code timeout} for
     * their {@code disconnect} steps to finish.
     *
     * @return whether all finished in time
     */
    public boolean stopAll(Duration timeout) {
        List<CompletableFuture<Void>> finishing = new ArrayList<>();
        for (Connection c : liveConnections) {
            c.stop();
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
                metrics.dropped() + layerStats.droppedFull() + layerStats.expired()
                        + layerStats.unreadable());
    }

    /** Connections open now. */
    public long openConnections() {
        return metrics.connections();
    }

    /** Connections whose {@code disconnect} has not finished yet. */
    int unfinished() {
        return liveConnections.size();
    }
}
