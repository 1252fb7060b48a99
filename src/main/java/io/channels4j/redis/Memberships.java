package io.channels4j.redis;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group memberships of this layer instance's own process-local channels, with the score
 * they were added with, so that they can be put back when a Redis host lost them (restarted
 * without persistence). Updated when {@code groupAdd}/{@code groupDiscard} are called, in call
 * order. Lapsed memberships are forgotten when read.
 */
final class Memberships {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Double>> groups = new ConcurrentHashMap<>();
    /**
     * The reverse index: channel -> groups it joined. Updated with {@link #groups}, this map's
     * entry first and the group's inside it; pruning may leave a lapsed group name here, which
     * costs one needless removal when the channel is released.
     */
    private final ConcurrentHashMap<String, Set<String>> memberOf = new ConcurrentHashMap<>();

    void added(String group, String channel, double score) {
        memberOf.compute(channel, (c, in) -> {
            Set<String> joined = in != null ? in : ConcurrentHashMap.newKeySet();
            groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(channel, score);
            joined.add(group);
            return joined;
        });
    }

    void discarded(String group, String channel) {
        memberOf.computeIfPresent(channel, (c, joined) -> {
            remove(group, channel);
            joined.remove(group);
            return joined.isEmpty() ? null : joined;
        });
    }

    /** The groups {@code channel} joined through this layer instance, now. */
    Set<String> groupsOf(String channel) {
        Set<String> joined = memberOf.get(channel);
        return joined == null ? Set.of() : Set.copyOf(joined);
    }

    /** Forgets every membership of {@code channel} and returns the groups it was in. */
    Set<String> released(String channel) {
        Set<String> left = new HashSet<>();
        memberOf.computeIfPresent(channel, (c, joined) -> {
            joined.forEach(group -> remove(group, channel));
            left.addAll(joined);
            return null;
        });
        return left;
    }

    private void remove(String group, String channel) {
        groups.computeIfPresent(group, (g, members) -> {
            members.remove(channel);
            return members.isEmpty() ? null : members;
        });
    }

    /**
     * Adds this instance's live memberships of the groups on {@code host} again, with the scores
     * they were added with (so they still lapse when they would have), in one round trip.
     */
    CompletionStage<?> restore(int host, LayerContext context) {
        Map<String, Map<String, Double>> live = onHost(host, context.keys, context.lapsedBound());
        if (live.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long expiryMillis = context.settings.groupExpiry().toMillis();
        return context.hosts.call(host, "restoring this process's group memberships", redis -> {
            CompletableFuture<?>[] commands = new CompletableFuture<?>[live.size() * 2];
            int i = 0;
            for (Map.Entry<String, Map<String, Double>> group : live.entrySet()) {
                byte[] key = KeySpace.bytes(context.keys.group(group.getKey()));
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
        }).thenRun(() -> System.getLogger("io.channels4j.redis").log(Level.INFO, "re-added this process's"
                + " memberships of " + live.size() + " group(s) on " + context.hosts.describe(host)));
    }

    /** The live memberships of groups on {@code host}: group -> channel -> score. */
    private Map<String, Map<String, Double>> onHost(int host, KeySpace keys, double oldestScore) {
        Map<String, Map<String, Double>> live = new HashMap<>();
        for (String group : groups.keySet()) {
            if (keys.hostOfGroup(group) != host) {
                continue;
            }
            groups.computeIfPresent(group, (g, members) -> {
                members.values().removeIf(score -> score <= oldestScore);
                if (!members.isEmpty()) {
                    live.put(g, Map.copyOf(members));
                }
                return members.isEmpty() ? null : members;
            });
        }
        return live;
    }

    /** Forgets memberships added at or before {@code oldestScore}: they have lapsed in Redis too. */
    void prune(double oldestScore) {
        for (String channel : memberOf.keySet()) {
            memberOf.computeIfPresent(channel, (c, joined) -> {
                joined.removeIf(group -> lapsed(group, channel, oldestScore));
                return joined.isEmpty() ? null : joined;
            });
        }
    }

    /** Removes the membership if it lapsed; true when it is gone (lapsed now or before). */
    private boolean lapsed(String group, String channel, double oldestScore) {
        boolean[] present = new boolean[1];
        groups.computeIfPresent(group, (g, members) -> {
            Double score = members.get(channel);
            if (score != null && score <= oldestScore) {
                members.remove(channel);
            } else {
                present[0] = score != null;
            }
            return members.isEmpty() ? null : members;
        });
        return !present[0];
    }

    /** Groups with at least one of this instance's channels. */
    int groupCount() {
        return groups.size();
    }

    void clear() {
        memberOf.clear();
        groups.clear();
    }
}
