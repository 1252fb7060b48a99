package io.channels4j.layer;

import io.channels4j.layer.internal.ChannelBuffers;
import io.channels4j.layer.internal.ChannelTaps;
import io.channels4j.layer.internal.InMemoryPresence;
import io.channels4j.layer.internal.SendPressure;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The channel layer of one process: channels and groups held in memory. It is the default layer
 * (in CDI, the application-scoped {@link ChannelLayer} bean) and can be built directly for tests
 * or plain Java: {@code new InMemoryChannelLayer()} or {@code new InMemoryChannelLayer(settings)}.
 *
 * <p>Thread-safe. Each channel's queue and each group's member set is updated atomically; group
 * sends copy the message once and share the read-only copy between members (a message holding a
 * {@code byte[]}, which cannot be read-only, is copied for each member). Expired messages and
 * memberships are dropped lazily when touched and by a timer, never by a scan on a send.
 *
 * <p>Back-pressure ({@link LayerSettings#backPressureWait()}, on by default): a group send made
 * while a consumer handles a client's frame does not drop the message for a member whose channel
 * is full; the message waits beyond the capacity (up to twice it) and the sending connection takes
 * no further frames until those channels have drained to half their capacity, or the wait has
 * ended. A channel still full then is <em>stalled</em>: what goes beyond its capacity is dropped
 * and counted, as with back-pressure off, until it drains. Sends made elsewhere (a REST resource, a
 * timer, a continuation after an await) and single-channel {@link #send sends} keep the capacity
 * exactly. The sender's layer events keep flowing while its frames wait, so two senders in each
 * other's groups never wait on each other.
 */
public final class InMemoryChannelLayer implements ChannelLayer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LayerSettings settings;
    private final Clock clock;
    private final long expiryMillis;
    private final long groupExpiryMillis;
    private final long backPressureMillis;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> groups = new ConcurrentHashMap<>();
    /**
     * The reverse index of {@link #groups}: channel -> the groups it is in. Updated together with
     * it, always this map's entry first and the group's inside, so the two never disagree.
     */
    private final ConcurrentHashMap<String, Set<String>> memberOf = new ConcurrentHashMap<>();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final ChannelBuffers channels;
    private final AtomicLong channelCounter = new AtomicLong();
    private final String instanceId = randomHex(12);
    private final ScheduledFuture<?> sweep;
    private final InMemoryPresence presence = new InMemoryPresence(this);
    private volatile boolean closed;

    /** A layer with the default settings. */
    public InMemoryChannelLayer() {
        this(LayerSettings.DEFAULTS);
    }

    /** A layer with the given settings. */
    public InMemoryChannelLayer(LayerSettings settings) {
        this.settings = settings;
        this.clock = settings.clock();
        this.expiryMillis = settings.expiry().toMillis();
        this.groupExpiryMillis = settings.groupExpiry().toMillis();
        this.backPressureMillis = settings.backPressureWait().toMillis();
        this.channels = new ChannelBuffers(settings::capacityFor, expired);
        ChannelTaps.register(this, channels, clock);
        Duration period = settings.expiry().dividedBy(2);
        this.sweep = Sweeper.every(period.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : period,
                this::sweep);
    }

    /** The settings this layer was built with. */
    public LayerSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<String> newChannel(String prefix) {
        ensureOpen();
        ChannelNames.requireValidPrefix(prefix);
        String name = prefix + ".inmemory" + instanceId + "!" + Long.toHexString(channelCounter.incrementAndGet())
                + randomHex(6);
        return CompletableFuture.completedFuture(ChannelNames.requireValidChannel(name));
    }

    @Override
    public CompletionStage<Void> send(String channel, Map<String, ?> message) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        Map<String, Object> copy = Messages.copy(message);
        if (!offer(channel, copy, false)) {
            return CompletableFuture.failedFuture(new ChannelFullException(channel, settings.capacityFor(channel)));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, Object>> receive(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        return channels.receive(channel, clock.millis());
    }

    @Override
    public CompletionStage<Void> groupAdd(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidMembership(group, channel);
        long now = clock.millis();
        memberOf.compute(channel, (c, in) -> {
            Set<String> joined = in != null ? in : ConcurrentHashMap.newKeySet();
            groups.compute(group, (g, members) -> {
                ConcurrentHashMap<String, Long> m = members != null ? members : new ConcurrentHashMap<>();
                m.put(channel, now);
                return m;
            });
            joined.add(group);
            return joined;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> refreshMemberships(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        long now = clock.millis();
        memberOf.computeIfPresent(channel, (c, joined) -> {
            joined.forEach(group -> groups.computeIfPresent(group, (g, members) -> {
                members.replace(channel, now);
                return members;
            }));
            return joined;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<Duration> groupExpiry() {
        return Optional.of(Duration.ofMillis(groupExpiryMillis));
    }

    @Override
    public CompletionStage<Void> groupDiscard(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidMembership(group, channel);
        memberOf.computeIfPresent(channel, (c, joined) -> {
            removeMember(group, channel, null);
            joined.remove(group);
            return joined.isEmpty() ? null : joined;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> releaseChannel(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        memberOf.computeIfPresent(channel, (c, joined) -> {
            joined.forEach(group -> removeMember(group, channel, null));
            return null;
        });
        channels.drop(channel);
        return presence.released(channel);
    }

    @Override
    public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message, Set<String> except) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        Objects.requireNonNull(except, "except must not be null (Set.of() excludes nobody)");
        Map<String, Object> copy = Messages.copy(message);
        ConcurrentHashMap<String, Long> members = groups.get(group);
        if (members == null) {
            return CompletableFuture.completedFuture(GroupSendResult.EMPTY);
        }
        long oldest = clock.millis() - groupExpiryMillis;
        boolean shareable = !Messages.holdsBytes(copy);
        boolean mayOverflow = backPressureMillis > 0 && SendPressure.inScope();
        int delivered = 0;
        int full = 0;
        for (Map.Entry<String, Long> member : members.entrySet()) {
            if (member.getValue() <= oldest) {
                lapse(group, member.getKey(), member.getValue());
            } else if (except.contains(member.getKey())) {
                continue;
            } else if (offer(member.getKey(), shareable ? copy : Messages.copy(copy), mayOverflow)) {
                delivered++;
            } else {
                full++;
            }
        }
        return CompletableFuture.completedFuture(new GroupSendResult(delivered, full));
    }

    @Override
    public CompletionStage<Void> flush() {
        ensureOpen();
        memberOf.clear();
        groups.clear();
        presence.clear();
        channels.clear();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public LayerStats stats() {
        return new LayerStats(groups.size(), channels.size(), droppedFull.sum(), expired.sum());
    }

    @Override
    public CompletionStage<Set<String>> groupMembers(String group) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        ConcurrentHashMap<String, Long> members = groups.get(group);
        if (members == null) {
            return CompletableFuture.completedFuture(Set.of());
        }
        long oldest = clock.millis() - groupExpiryMillis;
        Set<String> live = new TreeSet<>();
        members.forEach((channel, joined) -> {
            if (joined > oldest) {
                live.add(channel);
            }
        });
        return CompletableFuture.completedFuture(Collections.unmodifiableSet(live));
    }

    /** {@inheritDoc} Here: kept in this process, for its channels. */
    @Override
    public Optional<PresenceStore> presence() {
        return Optional.of(presence);
    }

    @Override
    public void close() {
        closed = true;
        sweep.cancel(false);
    }

    @Override
    public String toString() {
        return "InMemoryChannelLayer" + settings;
    }

    /** Queues (or hands straight to a waiting receiver) an already-copied message. */
    private boolean offer(String channel, Map<String, Object> message, boolean mayOverflow) {
        long now = clock.millis();
        return switch (channels.offer(channel, message, now + expiryMillis, now, false, mayOverflow)) {
            case ACCEPTED -> true;
            case OVER_CAPACITY -> {
                SendPressure.record(channels, channel, backPressureMillis);
                yield true;
            }
            case FULL -> {
                droppedFull.increment();
                yield false;
            }
            // The receiver gave up between our claim and the hand-over: offer the message again.
            case RECEIVER_GONE -> offer(channel, message, mayOverflow);
        };
    }

    /** Ends a membership that lapsed, unless it was renewed meanwhile. */
    private void lapse(String group, String channel, long joined) {
        memberOf.computeIfPresent(channel, (c, in) -> {
            if (removeMember(group, channel, joined)) {
                in.remove(group);
            }
            return in.isEmpty() ? null : in;
        });
    }

    /**
     * Removes {@code channel} from {@code group} (only if it joined at {@code joined}, when given);
     * called inside {@link #memberOf}'s entry of the channel.
     *
     * @return whether it was removed
     */
    private boolean removeMember(String group, String channel, Long joined) {
        boolean[] removed = new boolean[1];
        groups.computeIfPresent(group, (g, members) -> {
            removed[0] = joined == null ? members.remove(channel) != null : members.remove(channel, joined);
            return members.isEmpty() ? null : members;
        });
        return removed[0];
    }

    private void sweep() {
        long now = clock.millis();
        channels.sweep(now);
        long oldest = now - groupExpiryMillis;
        for (Map.Entry<String, ConcurrentHashMap<String, Long>> group : groups.entrySet()) {
            group.getValue().forEach((channel, joined) -> {
                if (joined <= oldest) {
                    lapse(group.getKey(), channel, joined);
                }
            });
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ChannelLayerException("this InMemoryChannelLayer was closed; build a new one");
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
