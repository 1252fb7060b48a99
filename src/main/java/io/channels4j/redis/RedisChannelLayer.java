package io.channels4j.redis;

import io.channels4j.layer.Messages;
import io.channels4j.layer.PresenceStore;
import io.channels4j.layer.Sweeper;
import io.channels4j.layer.ChannelFullException;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InvalidNameException;
import io.channels4j.layer.LayerListener;
import io.channels4j.layer.LayerSettings;
import io.channels4j.layer.LayerStats;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A channel layer for many processes and hosts, kept in Redis in the format of Python's
 * {@code channels_redis} 4.0 ({@code RedisChannelLayer}), so Java consumers and Django Channels
 * consumers can share channels and groups: a Django view's {@code group_send} reaches Java
 * consumers in that group, and the other way round, given the same hosts, prefix and encryption
 * keys.
 *
 * <pre>{@code
 * ChannelLayer layer = new RedisChannelLayer(RedisLayerSettings.builder()
 *         .hosts("redis://127.0.0.1:6379")
 *         .layer(LayerSettings.builder().capacity(200).build())
 *         .build());
 * }</pre>
 *
 * <p><b>Receiving.</b> The process-local channels of one instance (from {@link #newChannel}) share
 * one Redis queue. One receive loop per instance, on its own thread, started by the first
 * {@link #receive} on such a channel, moves their messages into an in-process buffer per channel;
 * {@code receive} completes from that buffer. Dependent stages attached without an executor run on
 * that thread: keep them short. Receiving on a normal channel (no {@code !}) pops its queue directly.
 *
 * <p><b>Capacity</b> is per channel, unlike channels_redis's per-process queue: see
 * {@code docs/channel-layers.md}. <b>Failures:</b> while Redis is unreachable, calls fail at once
 * (or after {@link RedisLayerSettings#commandTimeout()}) with {@link ChannelLayerException},
 * receivers keep waiting, the loop reconnects by itself, and {@link LayerListener}s hear the layer
 * go down and come back with the number of messages lost meanwhile.
 *
 * <p>Thread-safe. Needs {@code io.lettuce:lettuce-core} and {@code org.msgpack:msgpack-core} on the
 * class path (optional dependencies of channels4j).
 */
public final class RedisChannelLayer implements ChannelLayer {

    private final RedisLayerSettings settings;
    private final LayerContext context;
    private final LayerSettings shared;
    private final KeySpace keys;
    private final RedisHosts hosts;
    private final LocalChannels local;
    private final NormalChannels normal;
    private final Inbound inbound;
    private final Memberships memberships = new Memberships();
    private final ConcurrentHashMap<String, ReceiveLoop> loops = new ConcurrentHashMap<>();
    private final String clientPrefix = RandomHex.of(16);
    private final AtomicInteger nextSendHost = new AtomicInteger();
    private final ScheduledFuture<?> sweep;
    private final NodeLiveness liveness;
    private final RedisPresence presence;
    private volatile boolean closed;

    /**
     * A layer with {@code settings}. Connects to Redis at first use (or at its first node
     * heartbeat, a quarter of the node timeout later), not here: building it never fails because
     * Redis is down.
     */
    public RedisChannelLayer(RedisLayerSettings settings) {
        this.settings = settings;
        this.shared = settings.layer();
        this.keys = new KeySpace(settings.prefix(), settings.hosts().size());
        this.hosts = new RedisHosts(settings.hosts(), settings.commandTimeout(), host -> restore(host, false));
        MessageCodec codec = new MessageCodec(settings.symmetricEncryptionKeys().isEmpty() ? null
                : Fernet.fromPassphrases(settings.symmetricEncryptionKeys()));
        this.context = new LayerContext(shared, keys, codec, hosts, clientPrefix);
        this.local = context.local;
        this.inbound = new Inbound(context);
        this.normal = new NormalChannels(hosts, keys::queue, inbound::forNormalChannel);
        Duration period = shared.expiry().dividedBy(2);
        this.sweep = Sweeper.every(period.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : period,
                this::sweep);
        this.presence = new RedisPresence(context, this);
        this.liveness = new NodeLiveness(hosts, keys, clientPrefix, settings.nodeTimeout().orElse(Duration.ZERO),
                host -> restore(host, true), presence::pruneNode);
    }

    /** The settings this layer was built with. */
    public RedisLayerSettings settings() {
        return settings;
    }

    /**
     * Asks every host for {@code PING}: a start-up or health check, since the layer itself
     * connects lazily. Changes nothing in Redis.
     *
     * @return a stage that completes when every host answered, or fails with a
     *     {@link ChannelLayerException} naming a host that did not (within the command timeout)
     */
    public CompletionStage<Void> ping() {
        ensureOpen();
        return hosts.pingAll();
    }

    @Override
    public CompletionStage<String> newChannel(String prefix) {
        ensureOpen();
        ChannelNames.requireValidPrefix(prefix);
        String name = prefix + "." + clientPrefix + "!" + RandomHex.of(16);
        return CompletableFuture.completedFuture(ChannelNames.requireValidChannel(name));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A send to this instance's own channel is checked against that channel's capacity here; a
     * send to another process's channel against that process's queue in Redis (as channels_redis
     * does), and the receiving process drops and counts what finds its channel full on arrival.
     */
    @Override
    public CompletionStage<Void> send(String channel, Map<String, ?> message) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        MessageCodec.Packed packed = context.codec.pack(Messages.copy(message));
        boolean processLocal = ChannelNames.isProcessLocal(channel);
        boolean own = context.isOwn(channel);
        int host = processLocal ? keys.hostOfQueue(channel) : Math.floorMod(nextSendHost.getAndIncrement(), keys.hosts());
        int capacity = shared.capacityFor(channel);
        byte[] id = MessageCodec.newId();
        double score = context.nextScore();
        byte[] member = context.codec.member(id, packed, processLocal ? channel : null, context.nowSeconds());
        if (own && local.reserve(List.of(channel), id).isEmpty()) {
            context.droppedFull.increment();
            return CompletableFuture.failedFuture(new ChannelFullException(channel, capacity));
        }
        byte[][] queue = {KeySpace.bytes(keys.queue(channel))};
        CompletableFuture<List<Long>> queued = hosts.call(host, "send to '" + channel + "'",
                redis -> Scripts.SEND.<List<Long>>run(redis, ScriptOutputType.MULTI, queue, member,
                        LayerContext.score(score), LayerContext.score(context.expiredBound()),
                        LayerContext.ascii(own ? 0 : capacity), LayerContext.ascii(shared.expiry().toMillis())));
        CompletableFuture<Void> result = new CompletableFuture<>();
        queued.whenComplete((outcome, failure) -> {
            if (failure != null) {
                if (own) {
                    local.unreserve(id);
                }
                context.countLost(failure, 1);
                result.completeExceptionally(failure);
            } else if (outcome.get(0) == 0) {
                context.expired.add(outcome.get(1));
                context.droppedFull.increment();
                result.completeExceptionally(new ChannelFullException(channel, capacity));
            } else {
                context.expired.add(outcome.get(1));
                result.complete(null);
            }
        });
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidNameException also when {@code channel} is process-local to another layer
     *     instance: only the instance whose {@link #newChannel} made it can receive on it
     */
    @Override
    public CompletionStage<Map<String, Object>> receive(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        if (!ChannelNames.isProcessLocal(channel)) {
            return normal.receive(channel);
        }
        if (!context.isOwn(channel)) {
            throw new InvalidNameException("cannot receive on '" + channel + "': it is process-local to another"
                    + " layer instance (its part before '!' does not end with this layer's client prefix "
                    + clientPrefix + "); only the layer whose newChannel made it can receive on it");
        }
        String nonLocal = ChannelNames.nonLocalName(channel);
        if (!loops.containsKey(nonLocal)) {
            synchronized (loops) {
                ensureOpen();
                loops.computeIfAbsent(nonLocal, n -> {
                    ReceiveLoop loop = new ReceiveLoop(hosts, keys.queue(n), inbound::handOver);
                    loop.start("channels4j-redis-receive-" + clientPrefix.substring(0, 8));
                    return loop;
                });
            }
        }
        return local.receive(channel);
    }

    @Override
    public CompletionStage<Void> groupAdd(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidMembership(group, channel);
        double score = context.nextScore();
        if (context.isOwn(channel)) {
            memberships.added(group, channel, score);
        }
        byte[] key = KeySpace.bytes(keys.group(group));
        long expiryMillis = shared.groupExpiry().toMillis();
        return liveness.registered().thenCompose(v -> hosts.call(keys.hostOfGroup(group),
                "adding '" + channel + "' to group '" + group + "'", redis -> CompletableFuture.allOf(
                        redis.zadd(key, score, KeySpace.bytes(channel)).toCompletableFuture(),
                        redis.pexpire(key, expiryMillis).toCompletableFuture())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: a {@code groupAdd} for each group this instance's channel joined (a new score and
     * the group key's expiry set again), one round trip per group, in parallel.
     */
    @Override
    public CompletionStage<Void> refreshMemberships(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        return CompletableFuture.allOf(Stream.concat(memberships.groupsOf(channel).stream()
                .map(group -> groupAdd(group, channel).toCompletableFuture()),
                Stream.of(presence.refresh(channel).toCompletableFuture())).toArray(CompletableFuture<?>[]::new));
    }

    @Override
    public Optional<Duration> groupExpiry() {
        return Optional.of(shared.groupExpiry());
    }

    @Override
    public CompletionStage<Void> groupDiscard(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidMembership(group, channel);
        memberships.discarded(group, channel);
        byte[] key = KeySpace.bytes(keys.group(group));
        return hosts.call(keys.hostOfGroup(group), "removing '" + channel + "' from group '" + group + "'",
                redis -> redis.zrem(key, KeySpace.bytes(channel))).thenApply(removed -> null);
    }

    /** {@inheritDoc} Here: one round trip, removing the channel from each of its groups at once. */
    @Override
    public CompletionStage<Void> releaseChannel(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        local.drop(channel);
        byte[] member = KeySpace.bytes(channel);
        CompletableFuture<?>[] removals = memberships.released(channel).stream()
                .map(group -> hosts.call(keys.hostOfGroup(group), "removing '" + channel + "' from group '" + group + "'",
                        redis -> redis.zrem(KeySpace.bytes(keys.group(group)), member)))
                .toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(removals).thenCompose(v -> presence.released(channel));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Costs two round trips whatever the group's size: one reading the members on the group's
     * host, then one per host holding member queues (in parallel), queueing one copy per process.
     */
    @Override
    public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message, Set<String> except) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        Objects.requireNonNull(except, "except must not be null (Set.of() excludes nobody)");
        MessageCodec.Packed packed = context.codec.pack(Messages.copy(message));
        CompletableFuture<List<byte[]>> members = liveMembers(group, "group send to '" + group + "'");
        // A group send whose members could not be read counts as one lost message.
        members.whenComplete((m, failure) -> context.countLost(failure, 1));
        return members.thenCompose(m -> new GroupDelivery(context, group, packed).deliver(GroupDelivery.excluding(m, except)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One round trip to the group's host: drops the lapsed memberships (as {@code group_send}
     * does) and reads the sorted set {@code <prefix>:group:<group>}.
     */
    @Override
    public CompletionStage<Set<String>> groupMembers(String group) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        return liveMembers(group, "reading the members of '" + group + "'").thenApply(names -> {
            Set<String> channels = new TreeSet<>();
            names.forEach(name -> channels.add(new String(name, StandardCharsets.UTF_8)));
            return Collections.unmodifiableSet(channels);
        });
    }

    /** {@inheritDoc} <p>One round trip: drops the lapsed memberships, then {@code ZCARD}. */
    @Override
    public CompletionStage<Integer> groupCount(String group) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        byte[][] key = {KeySpace.bytes(keys.group(group))};
        return hosts.call(keys.hostOfGroup(group), "counting the members of '" + group + "'",
                redis -> Scripts.GROUP_COUNT.<Long>run(redis, ScriptOutputType.INTEGER, key,
                        LayerContext.score(context.lapsedBound()))).thenApply(Long::intValue);
    }

    /** The group's live member channels, lapsed ones dropped on the way (on the group's host). */
    private CompletableFuture<List<byte[]>> liveMembers(String group, String operation) {
        byte[][] key = {KeySpace.bytes(keys.group(group))};
        return hosts.call(keys.hostOfGroup(group), operation,
                redis -> Scripts.GROUP_MEMBERS.<List<byte[]>>run(redis, ScriptOutputType.MULTI, key,
                        LayerContext.score(context.lapsedBound())));
    }

    /** Deletes every key starting with the prefix on every host, and this instance's buffered messages. */
    @Override
    public CompletionStage<Void> flush() {
        ensureOpen();
        local.clear();
        memberships.clear();
        presence.clear();
        CompletableFuture<?>[] perHost = new CompletableFuture<?>[keys.hosts()];
        for (int host = 0; host < keys.hosts(); host++) {
            perHost[host] = hosts.deleteKeys(host, keys.everyKeyPattern());
        }
        return CompletableFuture.allOf(perHost);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: {@code groups} joined by this instance's channels, {@code channels} with messages
     * buffered in this process or receives waiting, and what this instance dropped.
     */
    @Override
    public LayerStats stats() {
        return new LayerStats(memberships.groupCount(), local.size() + normal.size(), context.droppedFull.sum(),
                context.expired.sum(), context.unreadable.sum());
    }

    /** {@inheritDoc} Here: in Redis, shared by every node, see {@code docs/presence.md}. */
    @Override
    public Optional<PresenceStore> presence() {
        return Optional.of(presence);
    }

    @Override
    public LayerListener.Registration addListener(LayerListener listener) {
        return hosts.availability().add(listener);
    }

    /** Stops the receive loop, fails waiting receives, and closes the connections. */
    @Override
    public void close() {
        synchronized (loops) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sweep.cancel(false);
        liveness.stop();
        loops.values().forEach(ReceiveLoop::stop);
        ChannelLayerException closing = new ChannelLayerException("this RedisChannelLayer was closed");
        local.failWaiters(closing);
        normal.close(closing);
        hosts.close();
    }

    @Override
    public String toString() {
        return "RedisChannelLayer" + settings;
    }

    /** Puts this node's memberships and presence back on {@code host}; {@code pruned}: a survivor had pruned this node. */
    private CompletionStage<?> restore(int host, boolean pruned) {
        return closed ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(memberships.restore(host, context).toCompletableFuture(),
                        presence.restore(host, pruned).toCompletableFuture());
    }

    private void sweep() {
        local.sweep();
        memberships.prune(context.lapsedBound());
    }

    private void ensureOpen() {
        if (closed) {
            throw new ChannelLayerException("this RedisChannelLayer was closed; build a new one");
        }
    }
}
