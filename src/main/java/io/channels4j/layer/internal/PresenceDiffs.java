package io.channels4j.layer.internal;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.PresenceStore.Tracked;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code presence.diff} event and its sending, for the presence stores: joins and leaves as
 * key -> list of metadata.
 */
public final class PresenceDiffs {

    /** The diff's event type. */
    public static final String TYPE = "presence.diff";

    private static final System.Logger LOG = System.getLogger("io.channels4j.presence");

    private PresenceDiffs() {
    }

    /** The diff event of {@code joins} and {@code leaves}. */
    public static Map<String, Object> diff(List<Tracked> joins, List<Tracked> leaves) {
        return Map.of("type", TYPE, "joins", byKey(joins), "leaves", byKey(leaves));
    }

    /** Sends the diff to {@code group}; nothing when both lists are empty. */
    public static CompletionStage<Void> send(ChannelLayer layer, String group, List<Tracked> joins, List<Tracked> leaves) {
        if (joins.isEmpty() && leaves.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return layer.groupSend(group, diff(joins, leaves)).thenApply(sent -> null);
    }

    /** Sends the leaves of entries the layer removed by itself (a connection ended, a node died); a failure is logged. */
    public static CompletionStage<Void> sendLeaves(ChannelLayer layer, String group, List<Tracked> leaves) {
        try {
            return send(layer, group, List.of(), leaves).exceptionally(failure -> {
                LOG.log(Level.WARNING, "could not send the presence leaves of " + leaves.size()
                        + " entries to group '" + group + "': " + failure);
                return null;
            });
        } catch (RuntimeException closed) {
            LOG.log(Level.DEBUG, "presence leaves for '" + group + "' not sent: " + closed);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** key -> the metadata of each of its entries, keys in the order given, lists read-only. */
    public static Map<String, List<Map<String, Object>>> byKey(List<Tracked> entries) {
        Map<String, List<Map<String, Object>>> byKey = new LinkedHashMap<>();
        for (Tracked entry : entries) {
            byKey.computeIfAbsent(entry.key(), k -> new ArrayList<>()).add(entry.meta());
        }
        byKey.replaceAll((k, metas) -> List.copyOf(metas));
        return byKey;
    }
}
