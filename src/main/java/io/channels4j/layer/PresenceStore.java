package io.channels4j.layer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where a channel layer keeps presence entries, for {@link io.channels4j.presence.Presence}: implemented by the layers
 * that keep presence ({@link ChannelLayer#presence()}). Arguments arrive
 * checked by {@link io.channels4j.presence.Presence}. A store also removes the entries of a channel its layer releases,
 * and sends the diffs of every change to the group.
 */
public interface PresenceStore {

    /**
     * One connection's presence in a group.
     *
     * @param channel the connection's channel
     * @param key what it is present as, usually a user name
     * @param meta what the application attached (read-only)
     */
    record Tracked(String channel, String key, Map<String, Object> meta) {
    }

    /**
     * Records {@code channel}'s presence in {@code group}, replacing its earlier one there, and
     * sends the group the {@code presence.diff} (the replaced entry as a leave, the new as a join).
     */
    CompletionStage<Void> track(String group, Tracked tracked);

    /** Removes {@code channel}'s presence in {@code group} and sends the diff; the stage gives whether there was one. */
    CompletionStage<Boolean> untrack(String group, String channel);

    /** Every presence in {@code group}, in no particular order. */
    CompletionStage<List<Tracked>> list(String group);
}
