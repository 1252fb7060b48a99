package io.channels4j.redis;

import io.channels4j.layer.LayerSettings;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process side of a {@link RedisPubSubChannelLayer}: per channel it receives on, a buffer
 * bounded by the channel's capacity (what does not fit is dropped and counted) and the receives
 * waiting; per group it is in, the member channels. A payload is decoded once per receiver, so
 * receivers never share a mutable value.
 *
 * <p>Owner of its state: itself, under its monitor. Receives are completed outside the monitor,
 * on the thread that delivered the message (a Lettuce I/O thread).
 */
final class PubSubLocal {

    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");

    private final LayerSettings settings;
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder droppedReleased = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final Map<String, Inbox> channels = new HashMap<>();
    /** Group channel name ({@code prefix__group__name}) -> member channels. */
    private final Map<String, Set<String>> groups = new HashMap<>();
    /** The reverse of {@link #groups}: member channel -> its group channels. */
    private final Map<String, Set<String>> memberOf = new HashMap<>();

    PubSubLocal(LayerSettings settings) {
        this.settings = settings;
    }

    private static final class Inbox {
        final ArrayDeque<byte[]> buffered = new ArrayDeque<>();
        final ArrayDeque<CompletableFuture<Map<String, Object>>> waiting = new ArrayDeque<>();
    }

    /** Starts receiving on {@code channel} here; true when it is new (the caller subscribes). */
    synchronized boolean open(String channel) {
        return channels.putIfAbsent(channel, new Inbox()) == null;
    }

    /** Whether this layer receives on {@code channel}. */
    synchronized boolean isOpen(String channel) {
        return channels.containsKey(channel);
    }

    /** The next message of an open channel: buffered, or when it arrives. */
    CompletableFuture<Map<String, Object>> receive(String channel) {
        CompletableFuture<Map<String, Object>> next = new CompletableFuture<>();
        byte[] payload;
        synchronized (this) {
            Inbox inbox = channels.computeIfAbsent(channel, c -> new Inbox());
            payload = inbox.buffered.poll();
            if (payload == null) {
                inbox.waiting.add(next);
                return next;
            }
        }
        complete(next, payload);
        return next;
    }

    /**
     * A receive on {@code channel} was cancelled. When no other receive waits, the channel is
     * given up with its buffered messages, as channels_redis does: true, and the caller
     * unsubscribes it.
     */
    synchronized boolean abandoned(String channel, CompletableFuture<Map<String, Object>> receive) {
        Inbox inbox = channels.get(channel);
        if (inbox == null) {
            return false;
        }
        inbox.waiting.remove(receive);
        if (!inbox.waiting.isEmpty()) {
            return false;
        }
        channels.remove(channel);
        return true;
    }

    /** Adds a member; true when the group is new here (the caller subscribes its group channel). */
    synchronized boolean addMember(String groupChannel, String channel) {
        boolean created = !groups.containsKey(groupChannel);
        groups.computeIfAbsent(groupChannel, g -> new LinkedHashSet<>()).add(channel);
        memberOf.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(groupChannel);
        return created;
    }

    /** Removes a member; true when the group has no member left here (the caller unsubscribes). */
    synchronized boolean removeMember(String groupChannel, String channel) {
        Set<String> members = groups.get(groupChannel);
        if (members == null || !members.remove(channel)) {
            return false;
        }
        Set<String> joined = memberOf.get(channel);
        joined.remove(groupChannel);
        if (joined.isEmpty()) {
            memberOf.remove(channel);
        }
        if (members.isEmpty()) {
            groups.remove(groupChannel);
            return true;
        }
        return false;
    }

    /**
     * Takes {@code channel} out of every group and drops what is buffered for it.
     *
     * @return the group channels left without a member here (the caller unsubscribes them)
     */
    synchronized List<String> release(String channel) {
        List<String> emptied = new ArrayList<>();
        for (String groupChannel : List.copyOf(memberOf.getOrDefault(channel, Set.of()))) {
            if (removeMember(groupChannel, channel)) {
                emptied.add(groupChannel);
            }
        }
        Inbox inbox = channels.get(channel);
        if (inbox != null) {
            droppedReleased.add(inbox.buffered.size());
            inbox.buffered.clear();
        }
        return emptied;
    }

    /** A message published on {@code name}: a channel of this layer, or a group channel. */
    void arrived(String name, byte[] payload) {
        try {
            MessageCodec.decodePlain(payload);
        } catch (IllegalArgumentException e) {
            unreadable.increment();
            LOG.log(Level.WARNING, "dropped a message published on '" + name + "': " + e.getMessage());
            return;
        }
        List<CompletableFuture<Map<String, Object>>> toComplete = new ArrayList<>();
        synchronized (this) {
            Set<String> members = groups.get(name);
            if (members != null) {
                for (String member : members) {
                    offer(member, payload, toComplete);
                }
            } else {
                offer(name, payload, toComplete);
            }
        }
        for (CompletableFuture<Map<String, Object>> receive : toComplete) {
            complete(receive, payload);
        }
    }

    private void offer(String channel, byte[] payload, List<CompletableFuture<Map<String, Object>>> toComplete) {
        Inbox inbox = channels.get(channel);
        if (inbox == null) {
            return;
        }
        CompletableFuture<Map<String, Object>> waiting;
        while ((waiting = inbox.waiting.poll()) != null) {
            if (!waiting.isDone()) {
                toComplete.add(waiting);
                return;
            }
        }
        if (inbox.buffered.size() >= settings.capacityFor(channel)) {
            droppedFull.increment();
            return;
        }
        inbox.buffered.add(payload);
    }

    /** Completes a receive with its own copy of a payload that {@link #arrived} checked. */
    private static void complete(CompletableFuture<Map<String, Object>> receive, byte[] payload) {
        receive.complete(MessageCodec.decodePlain(payload));
    }

    /** Every name this layer is subscribed to: its channels and its group channels. */
    synchronized List<String> subscriptions() {
        List<String> names = new ArrayList<>(channels.keySet());
        names.addAll(groups.keySet());
        return names;
    }

    /** Drops every group and buffered message; channels and waiting receives stay. Returns the group channels. */
    synchronized List<String> clear() {
        channels.values().forEach(inbox -> inbox.buffered.clear());
        List<String> left = new ArrayList<>(groups.keySet());
        groups.clear();
        memberOf.clear();
        return left;
    }

    /** Fails every waiting receive (the layer closes). */
    void failWaiters(RuntimeException failure) {
        List<CompletableFuture<Map<String, Object>>> waiting = new ArrayList<>();
        synchronized (this) {
            channels.values().forEach(inbox -> waiting.addAll(inbox.waiting));
            channels.clear();
            groups.clear();
            memberOf.clear();
        }
        waiting.forEach(w -> w.completeExceptionally(failure));
    }

    synchronized int groupCount() {
        return groups.size();
    }

    synchronized int channelCount() {
        return channels.size();
    }

    long droppedFull() {
        return droppedFull.sum();
    }

    /** Messages dropped because their channel was released before they were received. */
    /** Published messages this layer could not read and dropped. */
    long unreadable() {
        return unreadable.sum();
    }

    long droppedReleased() {
        return droppedReleased.sum();
    }
}
