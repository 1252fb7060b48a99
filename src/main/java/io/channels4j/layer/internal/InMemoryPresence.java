package io.channels4j.layer.internal;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.PresenceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory layer's presence: group -> channel -> entry, with the reverse index channel ->
 * groups, updated together (the index's entry first, as the layer's memberships are). Owner: its
 * layer.
 */
public final class InMemoryPresence implements PresenceStore {

    private final ChannelLayer layer;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Tracked>> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> trackedIn = new ConcurrentHashMap<>();

    /** The presence of {@code layer}, which sends its diffs. */
    public InMemoryPresence(ChannelLayer layer) {
        this.layer = layer;
    }

    @Override
    public CompletionStage<Void> track(String group, Tracked tracked) {
        Tracked[] replaced = new Tracked[1];
        trackedIn.compute(tracked.channel(), (c, in) -> {
            Set<String> tracking = in != null ? in : ConcurrentHashMap.newKeySet();
            replaced[0] = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(c, tracked);
            tracking.add(group);
            return tracking;
        });
        return PresenceDiffs.send(layer, group, List.of(tracked), replaced[0] == null ? List.of() : List.of(replaced[0]));
    }

    @Override
    public CompletionStage<Boolean> untrack(String group, String channel) {
        Tracked[] removed = new Tracked[1];
        trackedIn.computeIfPresent(channel, (c, tracking) -> {
            removed[0] = remove(group, c);
            tracking.remove(group);
            return tracking.isEmpty() ? null : tracking;
        });
        if (removed[0] == null) {
            return CompletableFuture.completedFuture(false);
        }
        return PresenceDiffs.send(layer, group, List.of(), List.of(removed[0])).thenApply(v -> true);
    }

    @Override
    public CompletionStage<List<Tracked>> list(String group) {
        Map<String, Tracked> entries = groups.get(group);
        return CompletableFuture.completedFuture(entries == null ? List.of() : List.copyOf(entries.values()));
    }

    /** Removes every entry of {@code channel} (its connection ended) and sends the leaves. */
    public CompletionStage<Void> released(String channel) {
        List<String> left = new ArrayList<>();
        List<Tracked> removed = new ArrayList<>();
        trackedIn.computeIfPresent(channel, (c, tracking) -> {
            for (String group : tracking) {
                Tracked entry = remove(group, c);
                if (entry != null) {
                    left.add(group);
                    removed.add(entry);
                }
            }
            return null;
        });
        CompletableFuture<?>[] sent = new CompletableFuture<?>[left.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = PresenceDiffs.sendLeaves(layer, left.get(i), List.of(removed.get(i))).toCompletableFuture();
        }
        return CompletableFuture.allOf(sent);
    }

    /** Forgets everything (the layer was flushed). */
    public void clear() {
        trackedIn.clear();
        groups.clear();
    }

    private Tracked remove(String group, String channel) {
        Tracked[] removed = new Tracked[1];
        groups.computeIfPresent(group, (g, entries) -> {
            removed[0] = entries.remove(channel);
            return entries.isEmpty() ? null : entries;
        });
        return removed[0];
    }
}
