package io.channels4j.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group memberships of this layer instance's own process-local channels, with the score
 * they were added with, so that they can be put back when a Redis host lost them (restarted
 * without persistence). Updated when {@code groupAdd}/{@code groupDiscard} are called, in call
 * order. Lapsed memberships are forgotten when read.
 */
final class Memberships {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Double>> groups = new ConcurrentHashMap<>();

    void added(String group, String channel, double score) {
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(channel, score);
    }

    void discarded(String group, String channel) {
        groups.computeIfPresent(group, (g, members) -> {
            members.remove(channel);
            return members.isEmpty() ? null : members;
        });
    }

    /** The live memberships of groups on {@code host}: group -> channel -> score. */
    Map<String, Map<String, Double>> onHost(int host, KeySpace keys, double oldestScore) {
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
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (g, members) -> {
                members.values().removeIf(score -> score <= oldestScore);
                return members.isEmpty() ? null : members;
            });
        }
    }

    /** Groups with at least one of this instance's channels. */
    int groupCount() {
        return groups.size();
    }

    void clear() {
        groups.clear();
    }
}
