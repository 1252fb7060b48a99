package io.channels4j.redis;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.Messages;
import io.channels4j.layer.PresenceStore;
import io.channels4j.layer.internal.PresenceDiffs;
import io.lettuce.core.ScriptOutputType;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis layer's presence: each group's entries in the hash {@code <prefix>:presence:<group>}
 * on the group's host (field: the channel; value: the MessagePack map {@code {"key", "meta"}}),
 * which expires {@code group_expiry} after its last write, like the group's sorted set. Keeps a
 * copy of this node's own entries to remove them when their channel is released, rewrite them on
 * a membership refresh, and put them back on a host that lost them. Owner: its layer.
 */
final class RedisPresence implements PresenceStore {

    private static final System.Logger LOG = System.getLogger("io.channels4j.presence");

    private final LayerContext context;
    private final ChannelLayer layer;
    /** This node's own entries: channel -> group -> encoded entry. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, byte[]>> own = new ConcurrentHashMap<>();

    RedisPresence(LayerContext context, ChannelLayer layer) {
        this.context = context;
        this.layer = layer;
    }

    @Override
    public CompletionStage<Void> track(String group, Tracked tracked) {
        byte[] entry = encode(tracked);
        if (context.isOwn(tracked.channel())) {
            own.computeIfAbsent(tracked.channel(), c -> new ConcurrentHashMap<>()).put(group, entry);
        }
        return write(group, tracked.channel(), entry).thenCompose(replaced -> PresenceDiffs.send(layer, group,
                List.of(tracked), replaced == null ? List.of() : readable(tracked.channel(), replaced)));
    }

    @Override
    public CompletionStage<Boolean> untrack(String group, String channel) {
        own.computeIfPresent(channel, (c, groups) -> {
            groups.remove(group);
            return groups.isEmpty() ? null : groups;
        });
        return remove(group, channel).thenCompose(removed -> removed == null ? CompletableFuture.completedFuture(false)
                : PresenceDiffs.send(layer, group, List.of(), readable(channel, removed)).thenApply(v -> true));
    }

    @Override
    public CompletionStage<List<Tracked>> list(String group) {
        byte[] key = KeySpace.bytes(context.keys.presence(group));
        return context.hosts.call(context.keys.hostOfGroup(group), "reading the presence of '" + group + "'",
                redis -> redis.hgetall(key)).thenApply(entries -> {
                    List<Tracked> all = new ArrayList<>(entries.size());
                    entries.forEach((channel, entry) -> all.addAll(readable(text(channel), entry)));
                    return List.copyOf(all);
                });
    }

    /** Removes the entries of a released channel of this node, and sends the leaves. */
    CompletionStage<Void> released(String channel) {
        Map<String, byte[]> groups = own.remove(channel);
        if (groups == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(groups.keySet().stream()
                .map(group -> remove(group, channel).thenCompose(removed -> removed == null
                        ? CompletableFuture.<Void>completedFuture(null)
                        : PresenceDiffs.sendLeaves(layer, group, readable(channel, removed))).toCompletableFuture())
                .toArray(CompletableFuture<?>[]::new));
    }

    /** Writes {@code channel}'s entries again, setting their hashes' expiry again (a membership refresh). */
    CompletionStage<Void> refresh(String channel) {
        Map<String, byte[]> groups = own.get(channel);
        if (groups == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(groups.entrySet().stream()
                .map(e -> write(e.getKey(), channel, e.getValue()).toCompletableFuture())
                .toArray(CompletableFuture<?>[]::new));
    }

    /**
     * Writes this node's entries of the groups on {@code host} again: that host lost them (a
     * restart; nobody was told they left) or pruned this node ({@code announce}: the groups were
     * sent their leaves, so they are sent the joins).
     */
    CompletionStage<?> restore(int host, boolean announce) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        own.forEach((channel, groups) -> groups.forEach((group, entry) -> {
            if (context.keys.hostOfGroup(group) == host) {
                CompletableFuture<?> written = write(group, channel, entry);
                writes.add(!announce ? written : written.thenCompose(replaced -> replaced != null
                        ? CompletableFuture.completedFuture(null)
                        : PresenceDiffs.send(layer, group, readable(channel, entry), List.of())));
            }
        }));
        return CompletableFuture.allOf(writes.toArray(CompletableFuture<?>[]::new));
    }

    /**
     * Removes the entries of a dead node's channels from every presence hash on {@code host} and
     * sends each group its leaves; the stage gives how many entries went.
     */
    CompletionStage<Integer> pruneNode(int host, String node) {
        return context.hosts.call(host, "pruning the presence of node " + node, redis -> Scripts.PRUNE_PRESENCE
                        .<List<byte[]>>run(redis, ScriptOutputType.MULTI, new byte[0][],
                                KeySpace.bytes(context.keys.everyPresencePattern()), KeySpace.bytes("." + node + "!")))
                .thenCompose(removed -> {
                    Map<String, List<Tracked>> leaves = new LinkedHashMap<>();
                    for (int i = 0; i + 1 < removed.size(); i += 2) {
                        String group = context.keys.groupOfPresence(text(removed.get(i)));
                        leaves.computeIfAbsent(group, g -> new ArrayList<>()).addAll(readable(null, removed.get(i + 1)));
                    }
                    return CompletableFuture.allOf(leaves.entrySet().stream()
                            .map(e -> PresenceDiffs.sendLeaves(layer, e.getKey(), e.getValue()).toCompletableFuture())
                            .toArray(CompletableFuture<?>[]::new)).thenApply(v -> removed.size() / 2);
                });
    }

    /** Forgets this node's entries (the layer was flushed). */
    void clear() {
        own.clear();
    }

    private CompletableFuture<byte[]> write(String group, String channel, byte[] entry) {
        byte[][] key = {KeySpace.bytes(context.keys.presence(group))};
        return context.hosts.call(context.keys.hostOfGroup(group), "tracking '" + channel + "' in '" + group + "'",
                redis -> Scripts.PRESENCE_TRACK.<byte[]>run(redis, ScriptOutputType.VALUE, key, KeySpace.bytes(channel),
                        entry, LayerContext.ascii(context.settings.groupExpiry().toMillis())));
    }

    private CompletableFuture<byte[]> remove(String group, String channel) {
        byte[][] key = {KeySpace.bytes(context.keys.presence(group))};
        return context.hosts.call(context.keys.hostOfGroup(group), "untracking '" + channel + "' in '" + group + "'",
                redis -> Scripts.PRESENCE_UNTRACK.<byte[]>run(redis, ScriptOutputType.VALUE, key, KeySpace.bytes(channel)));
    }

    private byte[] encode(Tracked tracked) {
        return MessageCodec.plain(context.codec.pack(Map.of("key", tracked.key(), "meta", tracked.meta())));
    }

    /** The entry as a one-element list, or an empty one (counted unreadable, logged) when another writer stored something else. */
    private List<Tracked> readable(String channel, byte[] entry) {
        try {
            Map<String, Object> decoded = MessageCodec.decodePlain(entry);
            if (decoded.get("key") instanceof String key && decoded.get("meta") instanceof Map<?, ?> meta) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = Messages.copy((Map<String, ?>) meta);
                return List.of(new Tracked(channel, key, copy));
            }
            throw new IllegalArgumentException("it has no string \"key\" and map \"meta\"");
        } catch (RuntimeException unreadable) {
            context.unreadable.increment();
            LOG.log(Level.DEBUG, "skipped an unreadable presence entry: " + unreadable.getMessage());
            return List.of();
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
