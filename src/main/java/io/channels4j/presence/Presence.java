package io.channels4j.presence;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.Messages;
import io.channels4j.layer.PresenceStore;
import io.channels4j.layer.internal.PresenceDiffs;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * Who is in a group, with metadata: a connection is {@linkplain #track tracked} in a group under a
 * key (usually its user; one key may have several connections, e.g. two tabs) with a small map of
 * metadata, and {@link #list} gives key -> the metadata of each of its connections, on every node
 * that shares the layer. With CDI, {@code @Inject Presence presence}; without, {@code new
 * Presence(layer)}.
 *
 * <p>Every change is sent to the group as
 * {@code {"type": "presence.diff", "joins": {key: [meta, ...]}, "leaves": {key: [meta, ...]}}}:
 * consumers in the group that declare a {@code presence_diff} handler get it in order with their
 * other events; the others never see it. A connection's entries go when it ends, and on the Redis
 * layer when its node's heartbeat lapses (the survivor sends the leaves). Kept by the in-memory
 * and the Redis layer; the Redis pub/sub layer keeps none.
 */
public final class Presence {

    /** The type of the diff events. */
    public static final String DIFF_TYPE = PresenceDiffs.TYPE;
    /** The longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 200;
    /** The most entries a metadata map may have (it travels in every diff). */
    public static final int MAX_META_ENTRIES = 32;

    private final ChannelLayer layer;

    /** Presence kept by {@code layer}, normally the application's layer. */
    public Presence(ChannelLayer layer) {
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    /**
     * Tracks {@code channel} (a consumer's {@code channelName()}) in {@code group} as {@code key};
     * tracking it again there replaces its entry. The channel need not be a member of the group.
     *
     * @param meta what to show of this connection: JSON-like values, at most
     *     {@value #MAX_META_ENTRIES} entries; {@code Map.of()} for none
     * @return a stage that completes once the entry is stored and the diff sent
     * @throws IllegalArgumentException for a bad group, channel or key, naming the rule
     * @throws io.channels4j.layer.InvalidMessageException for metadata that cannot travel
     * @throws UnsupportedOperationException when the layer keeps no presence
     */
    public CompletionStage<Void> track(String group, String channel, String key, Map<String, ?> meta) {
        ChannelNames.requireValidMembership(group, channel);
        requireValidKey(key);
        Objects.requireNonNull(meta, "meta must not be null (Map.of() for none)");
        if (meta.size() > MAX_META_ENTRIES) {
            throw new IllegalArgumentException("presence metadata may have at most " + MAX_META_ENTRIES
                    + " entries, got " + meta.size());
        }
        return store().track(group, new PresenceStore.Tracked(channel, key, Messages.copy(meta)));
    }

    /**
     * Stops tracking {@code channel} in {@code group}; nothing happens when it was not tracked.
     *
     * @return a stage giving whether it was tracked
     */
    public CompletionStage<Boolean> untrack(String group, String channel) {
        ChannelNames.requireValidMembership(group, channel);
        return store().untrack(group, channel);
    }

    /**
     * Who is in {@code group}: key -> the metadata of each of its connections, keys in order.
     * Read after joining the group to start from the full state, then apply the diffs.
     */
    public CompletionStage<Map<String, List<Map<String, Object>>>> list(String group) {
        ChannelNames.requireValidGroup(group);
        return store().list(group).thenApply(entries -> Collections.unmodifiableMap(new TreeMap<>(PresenceDiffs.byKey(entries))));
    }

    private PresenceStore store() {
        return layer.presence().orElseThrow(() -> new UnsupportedOperationException(layer.getClass().getSimpleName()
                + " keeps no presence: use the in-memory layer or channels4j.layer=redis"));
    }

    private static void requireValidKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a presence key must not be null or blank");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a presence key may have at most " + MAX_KEY_LENGTH
                    + " characters, got " + key.length());
        }
    }
}
