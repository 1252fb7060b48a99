package io.channels4j.redis;

import io.channels4j.layer.Sweeper;
import io.lettuce.core.ScriptOutputType;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * This node's heartbeat, and the pruning of nodes whose heartbeat lapsed. Every quarter of the
 * node timeout, on every host: the heartbeat key {@code prefix:node:<client prefix>} is set to
 * expire after the timeout and the node is registered in {@code prefix:nodes}; then the registered
 * nodes whose key expired are claimed (one survivor claims each) and their channels, the ones
 * named {@code <anything>.<client prefix>!<anything>}, are removed from every group of that host.
 * Processes that never beat (Python ones) are never pruned this way.
 *
 * <p>When this node finds itself pruned (it was silent too long: a long pause, a Redis outage) it
 * restores its own memberships on that host. Runs on the shared sweeper thread; every Redis call
 * is asynchronous.
 */
final class NodeLiveness {

    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");

    private final RedisHosts hosts;
    private final KeySpace keys;
    private final String clientPrefix;
    private final Duration timeout;
    private final IntFunction<CompletionStage<?>> restore;
    private final BiFunction<Integer, String, CompletionStage<Integer>> prunePresence;
    /** Per host, 1 once this node has beaten there. */
    private final AtomicIntegerArray beaten;
    private final ScheduledFuture<?> beating;
    /** The first beat, started by the first membership; null until then. */
    private final AtomicReference<CompletableFuture<Void>> firstBeat = new AtomicReference<>();

    /**
     * Starts beating at once, unless {@code timeout} is zero.
     *
     * @param restore re-adds this node's memberships on a host that pruned it
     * @param prunePresence removes a dead node's presence entries on a host, giving how many
     */
    NodeLiveness(RedisHosts hosts, KeySpace keys, String clientPrefix, Duration timeout,
                 IntFunction<CompletionStage<?>> restore, BiFunction<Integer, String, CompletionStage<Integer>> prunePresence) {
        this.hosts = hosts;
        this.keys = keys;
        this.clientPrefix = clientPrefix;
        this.timeout = timeout;
        this.restore = restore;
        this.prunePresence = prunePresence;
        this.beaten = new AtomicIntegerArray(hosts.count());
        this.beating = timeout.isZero() ? null : Sweeper.every(timeout.dividedBy(4), () -> beat());
    }

    /** Stops beating and takes this node out of the registry (best effort, bounded by the command timeout). */
    void stop() {
        if (beating == null) {
            return;
        }
        beating.cancel(false);
        CompletableFuture<?>[] leaving = new CompletableFuture<?>[hosts.count()];
        for (int host = 0; host < leaving.length; host++) {
            leaving[host] = hosts.call(host, "leaving the node registry", redis -> CompletableFuture.allOf(
                    redis.del(KeySpace.bytes(keys.node(clientPrefix))).toCompletableFuture(),
                    redis.zrem(KeySpace.bytes(keys.nodes()), KeySpace.bytes(clientPrefix)).toCompletableFuture()));
        }
        try {
            CompletableFuture.allOf(leaving).get(hosts.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "leaving the node registry failed; the heartbeat key expires by itself", e);
        }
    }

    /**
     * Completes once this node has beaten on every host (or failed to): the first membership waits
     * for it, so that a node killed before its first scheduled beat is registered and pruned too.
     */
    CompletionStage<Void> registered() {
        if (beating == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> first = firstBeat.get();
        if (first != null) {
            return first;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (firstBeat.compareAndSet(null, mine)) {
            beat().whenComplete((v, failure) -> mine.complete(null));
            return mine;
        }
        return firstBeat.get();
    }

    private CompletableFuture<Void> beat() {
        CompletableFuture<?>[] beats = new CompletableFuture<?>[hosts.count()];
        for (int host = 0; host < hosts.count(); host++) {
            int h = host;
            beats[h] = hosts.call(h, "the node heartbeat", redis -> Scripts.HEARTBEAT.<Long>run(redis, ScriptOutputType.INTEGER,
                            new byte[][] {KeySpace.bytes(keys.node(clientPrefix)), KeySpace.bytes(keys.nodes())},
                            KeySpace.bytes(clientPrefix), KeySpace.bytes(Long.toString(timeout.toMillis()))))
                    .thenCompose(registered -> rejoinIfPruned(h, registered == 1L))
                    .thenCompose(v -> pruneLapsed(h))
                    .exceptionally(failure -> {
                        LOG.log(Level.DEBUG, "node heartbeat on " + hosts.describe(h) + " failed", failure);
                        return null;
                    });
        }
        return CompletableFuture.allOf(beats);
    }

    private CompletionStage<?> rejoinIfPruned(int host, boolean registered) {
        boolean pruned = beaten.getAndSet(host, 1) == 1 && registered;
        if (!pruned) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.log(Level.WARNING, "this node (" + clientPrefix + ") was silent longer than its node timeout ("
                + timeout.toSeconds() + " s) and was pruned on " + hosts.describe(host) + "; restoring its memberships");
        return restore.apply(host);
    }

    private CompletionStage<Void> pruneLapsed(int host) {
        return hosts.call(host, "claiming lapsed nodes", redis -> Scripts.CLAIM_LAPSED.<List<byte[]>>run(redis,
                        ScriptOutputType.MULTI, new byte[][] {KeySpace.bytes(keys.nodes())},
                        KeySpace.bytes(keys.nodeKeyStart())))
                .thenCompose(lapsed -> CompletableFuture.allOf(lapsed.stream()
                        .map(node -> prune(host, new String(node, StandardCharsets.UTF_8)))
                        .toArray(CompletableFuture<?>[]::new)));
    }

    private CompletableFuture<Void> prune(int host, String node) {
        return hosts.call(host, "pruning node " + node, redis -> Scripts.PRUNE_NODE.<List<Long>>run(redis,
                        ScriptOutputType.MULTI, new byte[0][],
                        KeySpace.bytes(keys.everyGroupPattern()), KeySpace.bytes("." + node + "!")))
                .thenCompose(counts -> prunePresence.apply(host, node).thenAccept(entries -> {
                    long groups = counts.get(0);
                    long memberships = counts.get(1);
                    LOG.log(Level.WARNING, "node " + node + " stopped its heartbeat (timeout " + timeout.toSeconds()
                            + " s): removed " + memberships + " memberships of its channels from " + groups
                            + " groups and " + entries + " presence entries on " + hosts.describe(host));
                    hosts.availability().nodeLost(node, groups, memberships);
                }));
    }
}
