package io.channels4j.redis;

import io.channels4j.internal.Messages;
import io.channels4j.internal.Sweeper;
import io.channels4j.layer.ChannelFullException;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InvalidNameException;
import io.channels4j.layer.LayerListener;
import io.channels4j.layer.LayerSettings;
import io.channels4j.layer.LayerStats;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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

    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FLUSH_BATCH = 1000;

    private final RedisLayerSettings settings;
    private final LayerSettings shared;
    private final Clock clock;
    private final KeySpace keys;
    private final MessageCodec codec;
    private final RedisHosts hosts;
    private final LocalChannels local;
    private final NormalChannels normal;
    private final Memberships memberships = new Memberships();
    private final ConcurrentHashMap<String, ReceiveLoop> loops = new ConcurrentHashMap<>();
    private final String clientPrefix = randomHex(16);
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final AtomicLong lastScoreMicros = new AtomicLong();
    private final AtomicInteger nextSendHost = new AtomicInteger();
    private final ScheduledFuture<?> sweep;
    private volatile boolean closed;

    /**
     * A layer with {@code settings}. Connects to Redis at first use, not here: building it never
     * fails because Redis is down.
     */
    public RedisChannelLayer(RedisLayerSettings settings) {
        this.settings = settings;
        this.shared = settings.layer();
        this.clock = shared.clock();
        this.keys = new KeySpace(settings.prefix(), settings.hosts().size());
        this.codec = new MessageCodec(settings.symmetricEncryptionKeys().isEmpty() ? null
                : Fernet.fromPassphrases(settings.symmetricEncryptionKeys()));
        this.hosts = new RedisHosts(settings.hosts(), settings.commandTimeout(), this::restoreMemberships);
        this.local = new LocalChannels(shared, droppedFull, expired);
        this.normal = new NormalChannels(hosts, keys::queue, this::decodeForNormalChannel);
        Duration period = shared.expiry().dividedBy(2);
        this.sweep = Sweeper.every(period.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : period,
                this::sweep);
    }

    /** The settings this layer was built with. */
    public RedisLayerSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<String> newChannel(String prefix) {
        ensureOpen();
        ChannelNames.requireValidChannel(prefix);
        if (ChannelNames.isProcessLocal(prefix)) {
            throw new InvalidNameException("channel prefix '" + prefix + "' must not contain '!'");
        }
        String name = prefix + "." + clientPrefix + "!" + randomHex(16);
        return CompletableFuture.completedFuture(ChannelNames.requireValidChannel(name));
    }

    @Override
    public CompletionStage<Void> send(String channel, Map<String, ?> message) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        MessageCodec.Packed packed = codec.pack(Messages.copy(message));
        boolean processLocal = ChannelNames.isProcessLocal(channel);
        boolean own = isOwn(channel);
        int host = processLocal ? keys.hostOfQueue(channel) : Math.floorMod(nextSendHost.getAndIncrement(), keys.hosts());
        int capacity = shared.capacityFor(channel);
        byte[] id = MessageCodec.newId();
        double score = nextScore();
        byte[] member = codec.member(id, packed, processLocal ? channel : null, clock.millis() / 1000);
        if (own && local.reserve(List.of(channel), id).isEmpty()) {
            droppedFull.increment();
            return CompletableFuture.failedFuture(new ChannelFullException(channel, capacity));
        }
        byte[][] queue = {KeySpace.bytes(keys.queue(channel))};
        CompletableFuture<List<Long>> queued = hosts.call(host, "send to '" + channel + "'",
                redis -> Scripts.SEND.<List<Long>>run(redis, ScriptOutputType.MULTI, queue, member,
                        ReceiveLoop.score(score), ReceiveLoop.score(expiredBound()),
                        ascii(own ? 0 : capacity), ascii(shared.expiry().toMillis())));
        CompletableFuture<Void> result = new CompletableFuture<>();
        queued.whenComplete((outcome, failure) -> {
            if (failure != null) {
                if (own) {
                    local.unreserve(id);
                }
                countLost(failure, 1);
                result.completeExceptionally(failure);
                return;
            }
            expired.add(outcome.get(1));
            if (outcome.get(0) == 0) {
                droppedFull.increment();
                result.completeExceptionally(new ChannelFullException(channel, capacity));
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    @Override
    public CompletionStage<Map<String, Object>> receive(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        if (!ChannelNames.isProcessLocal(channel)) {
            return normal.receive(channel);
        }
        if (!isOwn(channel)) {
            throw new InvalidNameException("cannot receive on '" + channel + "': it is process-local to another"
                    + " layer instance (its part before '!' does not end with this layer's client prefix "
                    + clientPrefix + "); only the layer whose newChannel made it can receive on it");
        }
        String nonLocal = ChannelNames.nonLocalName(channel);
        loops.computeIfAbsent(nonLocal, n -> {
            ReceiveLoop loop = new ReceiveLoop(hosts, keys.queue(n), this::handOver);
            loop.start("channels4j-redis-receive-" + clientPrefix.substring(0, 8));
            return loop;
        });
        return local.receive(channel);
    }

    @Override
    public CompletionStage<Void> groupAdd(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        double score = nextScore();
        if (isOwn(channel)) {
            memberships.added(group, channel, score);
        }
        byte[] key = KeySpace.bytes(keys.group(group));
        long expiryMillis = shared.groupExpiry().toMillis();
        return hosts.call(keys.hostOfGroup(group), "adding '" + channel + "' to group '" + group + "'",
                redis -> CompletableFuture.allOf(
                        redis.zadd(key, score, KeySpace.bytes(channel)).toCompletableFuture(),
                        redis.pexpire(key, expiryMillis).toCompletableFuture()));
    }

    @Override
    public CompletionStage<Void> groupDiscard(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        memberships.discarded(group, channel);
        byte[] key = KeySpace.bytes(keys.group(group));
        return hosts.call(keys.hostOfGroup(group), "removing '" + channel + "' from group '" + group + "'",
                redis -> redis.zrem(key, KeySpace.bytes(channel))).thenApply(removed -> null);
    }

    @Override
    public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        MessageCodec.Packed packed = codec.pack(Messages.copy(message));
        byte[][] key = {KeySpace.bytes(keys.group(group))};
        double lapsed = clockSeconds() - seconds(shared.groupExpiry());
        CompletableFuture<List<byte[]>> members = hosts.call(keys.hostOfGroup(group), "group send to '" + group + "'",
                redis -> Scripts.GROUP_MEMBERS.<List<byte[]>>run(redis, ScriptOutputType.MULTI, key,
                        ReceiveLoop.score(lapsed)));
        // A group send whose members could not be read counts as one lost message.
        members.whenComplete((m, failure) -> countLost(failure, 1));
        return members.thenCompose(m -> new GroupDelivery(this, group, packed).deliver(m));
    }

    @Override
    public CompletionStage<Void> flush() {
        ensureOpen();
        local.clear();
        memberships.clear();
        CompletableFuture<?>[] perHost = new CompletableFuture<?>[keys.hosts()];
        for (int host = 0; host < keys.hosts(); host++) {
            perHost[host] = deleteKeys(host, ScanCursor.INITIAL);
        }
        return CompletableFuture.allOf(perHost);
    }

    @Override
    public LayerStats stats() {
        return new LayerStats(memberships.groupCount(), local.size() + normal.size(), droppedFull.sum(), expired.sum());
    }

    @Override
    public LayerListener.Registration addListener(LayerListener listener) {
        return hosts.availability().add(listener);
    }

    /** Stops the receive loop, fails waiting receives, and closes the connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweep.cancel(false);
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

    // ---- shared with GroupDelivery ----

    KeySpace keys() {
        return keys;
    }

    MessageCodec codec() {
        return codec;
    }

    RedisHosts hosts() {
        return hosts;
    }

    LocalChannels local() {
        return local;
    }

    LayerSettings shared() {
        return shared;
    }

    LongAdder droppedFull() {
        return droppedFull;
    }

    LongAdder expired() {
        return expired;
    }

    /** Whether {@code channel} was made by this instance's {@link #newChannel}. */
    boolean isOwn(String channel) {
        return ChannelNames.isProcessLocal(channel) && ChannelNames.nonLocalName(channel).endsWith(clientPrefix + "!");
    }

    /** A score for a message or membership: the clock in seconds, strictly increasing per instance (µs steps). */
    double nextScore() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        return lastScoreMicros.updateAndGet(previous -> Math.max(previous + 1, now)) / 1e6;
    }

    /** Scores at or below this are expired messages. */
    double expiredBound() {
        return clockSeconds() - seconds(shared.expiry());
    }

    long nowSeconds() {
        return clock.millis() / 1000;
    }

    /** Counts {@code messages} as lost for {@code layer.up} when {@code failure} is an unreachable host. */
    void countLost(Throwable failure, long messages) {
        if (failure instanceof RedisHosts.HostUnreachableException) {
            hosts.availability().lost(messages);
        }
    }

    static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    // ---- receiving ----

    private void handOver(List<ReceiveLoop.Popped> batch) {
        long ttl = shared.expiry().toSeconds() + 10;
        for (ReceiveLoop.Popped popped : batch) {
            MessageCodec.Decoded decoded;
            try {
                decoded = codec.decode(popped.member(), nowSeconds(), ttl);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "dropped a message this layer cannot read (different encryption keys?): "
                        + e.getMessage());
                continue;
            }
            List<String> targets = decoded.targets();
            if (targets.isEmpty()) {
                LOG.log(Level.WARNING, "dropped a message without a valid " + Messages.RESERVED_KEY
                        + " in this process's queue");
                continue;
            }
            long expiresAt = (long) (popped.score() * 1000) + shared.expiry().toMillis();
            local.arrive(decoded.id(), targets, decoded.message(), expiresAt);
        }
    }

    private Map<String, Object> decodeForNormalChannel(ScoredValue<byte[]> popped) {
        try {
            MessageCodec.Decoded decoded = codec.decode(popped.getValue(), nowSeconds(), shared.expiry().toSeconds() + 10);
            if ((long) (popped.getScore() * 1000) + shared.expiry().toMillis() <= clock.millis()) {
                expired.increment();
                return null;
            }
            return decoded.message();
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "dropped a message this layer cannot read: " + e.getMessage());
            return null;
        }
    }

    // ---- housekeeping ----

    private CompletableFuture<Void> deleteKeys(int host, ScanCursor cursor) {
        ScanArgs match = ScanArgs.Builder.matches(keys.everyKeyPattern()).limit(FLUSH_BATCH);
        return hosts.call(host, "flush", redis -> redis.scan(cursor, match)).thenCompose(page -> {
            CompletableFuture<Long> deleted = page.getKeys().isEmpty() ? CompletableFuture.completedFuture(0L)
                    : hosts.call(host, "flush", redis -> redis.unlink(page.getKeys().toArray(byte[][]::new)));
            return deleted.thenCompose(n -> page.isFinished() ? CompletableFuture.completedFuture(null)
                    : deleteKeys(host, page));
        });
    }

    private CompletionStage<?> restoreMemberships(int host) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        double lapsed = clockSeconds() - seconds(shared.groupExpiry());
        Map<String, Map<String, Double>> live = memberships.onHost(host, keys, lapsed);
        if (live.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long expiryMillis = shared.groupExpiry().toMillis();
        return hosts.call(host, "restoring this process's group memberships", redis -> {
            CompletableFuture<?>[] commands = new CompletableFuture<?>[live.size() * 2];
            int i = 0;
            for (Map.Entry<String, Map<String, Double>> group : live.entrySet()) {
                byte[] key = KeySpace.bytes(keys.group(group.getKey()));
                Object[] scoresAndMembers = new Object[group.getValue().size() * 2];
                int j = 0;
                for (Map.Entry<String, Double> member : group.getValue().entrySet()) {
                    scoresAndMembers[j++] = member.getValue();
                    scoresAndMembers[j++] = KeySpace.bytes(member.getKey());
                }
                commands[i++] = redis.zadd(key, scoresAndMembers).toCompletableFuture();
                commands[i++] = redis.pexpire(key, expiryMillis).toCompletableFuture();
            }
            return CompletableFuture.allOf(commands);
        }).thenRun(() -> LOG.log(Level.INFO, "re-added this process's memberships of " + live.size()
                + " group(s) on " + hosts.describe(host)));
    }

    private void sweep() {
        local.sweep();
        memberships.prune(clockSeconds() - seconds(shared.groupExpiry()));
    }

    private double clockSeconds() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()) / 1e6;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ChannelLayerException("this RedisChannelLayer was closed; build a new one");
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
