package io.channels4j.redis;

import io.channels4j.layer.Messages;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.LayerListener;
import io.channels4j.layer.LayerStats;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A channel layer over Redis PUBLISH/SUBSCRIBE in the format of Python's
 * {@code channels_redis.pubsub.RedisPubSubChannelLayer} (channels_redis 4.0), so Java and Django
 * processes configured alike share channels and groups. Fire-and-forget: nothing is stored in
 * Redis. A message reaches the processes subscribed when it is published, or no one.
 *
 * <p>Differences from {@link RedisChannelLayer} and the general contract, as in channels_redis:
 * <ul>
 *   <li>{@code newChannel("specific")} gives {@code <prefix>specific.<32 hex>}, without {@code !}:
 *       every channel is a subscription. {@code receive} on any other channel subscribes to it
 *       (a message published before that is lost); a normal channel received on by several
 *       processes reaches each of them, it is not a shared work queue.</li>
 *   <li>{@code send} never fails with "channel full" and messages never expire in Redis. The
 *       receiving process buffers each channel up to its capacity and drops (and counts) the rest;
 *       buffered messages do not expire.</li>
 *   <li>Groups live in each process: a group is the Redis channel {@code <prefix>__group__<name>},
 *       subscribed by every process with a member; memberships never lapse. {@code groupSend}'s
 *       result counts the <em>subscribed processes</em> Redis handed the message to, not members.</li>
 *   <li>Cancelling the only waiting receive on a channel gives the channel up (unsubscribes it and
 *       drops what it buffered), as channels_redis does when a consumer leaves.</li>
 *   <li>No encryption ({@code symmetric_encryption_keys} is not part of channels_redis's pub/sub
 *       layer): building one with keys fails.</li>
 * </ul>
 *
 * <p>Failures: calls fail fast while Redis is unreachable, as with {@link RedisChannelLayer};
 * subscriptions are re-established by themselves, and {@link LayerListener}s hear the layer go down
 * and come back with the number of sends and group sends that failed meanwhile. Messages published
 * by others while this process was cut off are lost and cannot be counted.
 *
 * <p>Thread-safe. Needs {@code io.lettuce:lettuce-core} and {@code org.msgpack:msgpack-core}.
 */
public final class RedisPubSubChannelLayer implements ChannelLayer {

    private final RedisLayerSettings settings;
    private final RedisHosts hosts;
    private final MessageCodec codec = new MessageCodec(null);
    private final PubSubLocal local;
    private final CompletableFuture<?>[] subscribers;
    private volatile boolean closed;

    /**
     * A layer with {@code settings} (hosts, prefix, capacity per channel, command timeout).
     * Connects at first use.
     *
     * @throws IllegalArgumentException when encryption keys are set (the pub/sub format has none),
     *     or the prefix has characters a channel name may not have
     */
    public RedisPubSubChannelLayer(RedisLayerSettings settings) {
        if (!settings.symmetricEncryptionKeys().isEmpty()) {
            throw new IllegalArgumentException("the Redis pub/sub layer does not encrypt (channels_redis's"
                    + " RedisPubSubChannelLayer has no symmetric_encryption_keys); remove the keys or use"
                    + " the Redis layer");
        }
        if (!settings.prefix().matches("[a-zA-Z\\d\\-_.]+")) {
            throw new IllegalArgumentException("the Redis pub/sub layer's prefix starts every channel name, so it may"
                    + " only hold ASCII letters, digits, '-', '_' and '.', got '" + settings.prefix() + "'");
        }
        this.settings = settings;
        this.local = new PubSubLocal(settings.layer());
        this.hosts = new RedisHosts(settings.hosts(), settings.commandTimeout(), this::restore);
        this.subscribers = new CompletableFuture<?>[settings.hosts().size()];
    }

    /** The settings this layer was built with. */
    public RedisLayerSettings settings() {
        return settings;
    }

    /** Asks every host for {@code PING}, as {@link RedisChannelLayer#ping()}. */
    public CompletionStage<Void> ping() {
        ensureOpen();
        return hosts.pingAll();
    }

    /** {@inheritDoc} Here {@code <prefix><prefix argument>.<32 hex>}, subscribed before the stage completes. */
    @Override
    public CompletionStage<String> newChannel(String prefix) {
        ensureOpen();
        ChannelNames.requireValidPrefix(prefix);
        String name = ChannelNames.requireValidChannel(settings.prefix() + prefix + "." + RandomHex.of(16));
        local.open(name);
        return subscribe(name).thenApply(subscribed -> name);
    }

    /** {@inheritDoc} Fire-and-forget: completes once Redis took it, whether anyone listened or not. */
    @Override
    public CompletionStage<Void> send(String channel, Map<String, ?> message) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        return publish(channel, message, "send to '" + channel + "'").thenApply(receivers -> null);
    }

    /** {@inheritDoc} Subscribes to {@code channel} first if this layer does not receive on it yet. */
    @Override
    public CompletionStage<Map<String, Object>> receive(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        boolean created = local.open(channel);
        CompletableFuture<Map<String, Object>> next = local.receive(channel);
        next.whenComplete((message, failure) -> {
            if (next.isCancelled() && local.abandoned(channel, next) && !closed) {
                unsubscribe(channel);
            }
        });
        if (created) {
            subscribe(channel).whenComplete((v, failure) -> {
                if (failure != null) {
                    local.abandoned(channel, next);
                    next.completeExceptionally(failure);
                }
            });
        }
        return next;
    }

    /** {@inheritDoc} This layer receives on {@code channel} from now on (subscribing if needed). */
    @Override
    public CompletionStage<Void> groupAdd(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidMembership(group, channel);
        String groupChannel = groupChannel(group);
        CompletableFuture<Void> channelReady = local.open(channel) ? subscribe(channel) : done();
        CompletableFuture<Void> groupReady = local.addMember(groupChannel, channel) ? subscribe(groupChannel) : done();
        return CompletableFuture.allOf(channelReady, groupReady);
    }

    @Override
    public CompletionStage<Void> groupDiscard(String group, String channel) {
        ensureOpen();
        ChannelNames.requireValidMembership(group, channel);
        String groupChannel = groupChannel(group);
        return local.removeMember(groupChannel, channel) ? unsubscribe(groupChannel) : done();
    }

    /** {@inheritDoc} Group channels left without a member here are unsubscribed. */
    @Override
    public CompletionStage<Void> releaseChannel(String channel) {
        ensureOpen();
        ChannelNames.requireValidChannel(channel);
        return CompletableFuture.allOf(local.release(channel).stream().map(this::unsubscribe)
                .toArray(CompletableFuture[]::new));
    }

    /**
     * {@inheritDoc}
     *
     * @return a stage with the number of <em>processes</em> (layer instances, Java or Python)
     *     subscribed to the group that Redis handed the message to, as {@code delivered}; never
     *     any {@code skippedFull}
     */
    @Override
    public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message, Set<String> except) {
        ensureOpen();
        ChannelNames.requireValidGroup(group);
        if (!except.isEmpty()) {
            throw new UnsupportedOperationException("the pub/sub layer publishes a group message once to every"
                    + " subscribed process and cannot leave channels out: use channels4j.layer=redis for groupSend"
                    + " with exclusions, or let the excluded consumer ignore the message");
        }
        return publish(groupChannel(group), message, "group send to '" + group + "'")
                .thenApply(receivers -> receivers == 0 ? GroupSendResult.EMPTY : new GroupSendResult(receivers.intValue(), 0));
    }

    /**
     * Not offered: pub/sub memberships live only in each process's subscriptions (as in
     * {@code channels_redis.pubsub}), so no process can list a group's members.
     *
     * @throws UnsupportedOperationException always, naming the layer that can
     */
    @Override
    public CompletionStage<Set<String>> groupMembers(String group) {
        throw new UnsupportedOperationException(NO_SHARED_MEMBERSHIP);
    }

    /**
     * Not offered; see {@link #groupMembers}.
     *
     * @throws UnsupportedOperationException always, naming the layer that can
     */
    @Override
    public CompletionStage<Integer> groupCount(String group) {
        throw new UnsupportedOperationException(NO_SHARED_MEMBERSHIP);
    }

    private static final String NO_SHARED_MEMBERSHIP = "the pub/sub layer keeps no shared group membership (each"
            + " process knows only its own subscriptions): use channels4j.layer=redis or memory for groupMembers"
            + " and groupCount";

    /** Leaves every group and drops every buffered message of this instance; waiting receives keep waiting. */
    @Override
    public CompletionStage<Void> flush() {
        ensureOpen();
        List<String> groupChannels = local.clear();
        return CompletableFuture.allOf(groupChannels.stream().map(this::unsubscribe).toArray(CompletableFuture[]::new));
    }

    /**
     * Groups with members here, channels received on here, messages dropped because a channel's
     * buffer was full, and, as {@code expired}, messages dropped because their channel was released.
     */
    @Override
    public LayerStats stats() {
        return new LayerStats(local.groupCount(), local.channelCount(), local.droppedFull(), local.droppedReleased(),
                local.unreadable());
    }

    @Override
    public LayerListener.Registration addListener(LayerListener listener) {
        return hosts.availability().add(listener);
    }

    /** Fails waiting receives and closes the connections. */
    @Override
    public void close() {
        synchronized (subscribers) {
            if (closed) {
                return;
            }
            closed = true;
        }
        local.failWaiters(new ChannelLayerException("this RedisPubSubChannelLayer was closed"));
        hosts.close();
    }

    @Override
    public String toString() {
        return "RedisPubSubChannelLayer" + settings;
    }

    private String groupChannel(String group) {
        return settings.prefix() + "__group__" + group;
    }

    private int hostOf(String name) {
        return KeySpace.shard(name, subscribers.length);
    }

    private CompletableFuture<Long> publish(String name, Map<String, ?> message, String what) {
        byte[] payload = MessageCodec.plain(codec.pack(Messages.copy(message)));
        CompletableFuture<Long> published = hosts.call(hostOf(name), what,
                redis -> redis.publish(bytes(name), payload));
        published.whenComplete((receivers, failure) -> {
            if (failure instanceof RedisHosts.HostUnreachableException) {
                hosts.availability().lost(1);
            }
        });
        return published;
    }

    private CompletableFuture<Void> subscribe(String... names) {
        return onSubscriber(names, "subscribing to '" + names[0] + "'", (c, n) -> c.async().subscribe(n));
    }

    private CompletableFuture<Void> unsubscribe(String name) {
        return onSubscriber(new String[] {name}, "unsubscribing from '" + name + "'", (c, n) -> c.async().unsubscribe(n));
    }

    private CompletableFuture<Void> onSubscriber(String[] names, String what, Command command) {
        int host = hostOf(names[0]);
        byte[][] channels = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            channels[i] = bytes(names[i]);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        subscriber(host).thenCompose(c -> command.run(c, channels).toCompletableFuture())
                .whenComplete((v, failure) -> {
                    if (failure == null) {
                        result.complete(null);
                    } else {
                        result.completeExceptionally(hosts.translate(host, what, failure));
                    }
                });
        return result;
    }

    @FunctionalInterface
    private interface Command {
        CompletionStage<?> run(StatefulRedisPubSubConnection<byte[], byte[]> connection, byte[][] channels);
    }

    /** The host's subscription connection, opened at first use and again after opening failed. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> subscriber(int host) {
        synchronized (subscribers) {
            if (closed) {
                return CompletableFuture.failedFuture(new ChannelLayerException("this RedisPubSubChannelLayer was closed"));
            }
            CompletableFuture<?> existing = subscribers[host];
            if (existing == null || existing.isCompletedExceptionally()) {
                existing = hosts.connectPubSub(host, new RedisPubSubAdapter<>() {
                    @Override
                    public void message(byte[] channel, byte[] message) {
                        local.arrived(new String(channel, StandardCharsets.UTF_8), message);
                    }
                });
                subscribers[host] = existing;
            }
            return (CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>) existing;
        }
    }

    /** Subscribes again to everything on {@code host} (after it was unreachable), so that "up" means listening. */
    private CompletionStage<?> restore(int host) {
        if (closed) {
            return done();
        }
        String[] names = local.subscriptions().stream().filter(n -> hostOf(n) == host).toArray(String[]::new);
        return names.length == 0 ? done() : subscribe(names);
    }

    private void ensureOpen() {
        if (closed) {
            throw new ChannelLayerException("this RedisPubSubChannelLayer was closed; build a new one");
        }
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
