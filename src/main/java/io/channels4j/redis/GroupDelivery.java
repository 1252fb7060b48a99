package io.channels4j.redis;

import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.GroupSendResult;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The second half of one {@code groupSend}: the group's member channels, once read, are grouped by
 * queue key (all process-local channels of one process share a key) and each key gets one copy of
 * the message listing its channels in {@code __asgi_channel__}; then one script per Redis host
 * queues every copy for that host atomically. Cost: one round trip per host, whatever the group's
 * size.
 *
 * <p>Capacity: a key of another process is checked as channels_redis does (its queue against the
 * capacity of its first channel) and, when full, all its channels are skipped; this layer's own
 * channels are checked one by one against their reservations (see {@link LocalChannels}).
 */
final class GroupDelivery {

    private final LayerContext context;
    private final String group;
    private final MessageCodec.Packed packed;

    GroupDelivery(LayerContext context, String group, MessageCodec.Packed packed) {
        this.context = context;
        this.group = group;
        this.packed = packed;
    }

    /** One queue key's copy of the message. */
    private record Copy(byte[] key, byte[] member, int capacity, List<String> channels, byte[] ownId) {
    }

    CompletableFuture<GroupSendResult> deliver(List<byte[]> memberNames) {
        Map<String, List<String>> byQueue = new LinkedHashMap<>();
        for (byte[] name : memberNames) {
            String channel = new String(name, StandardCharsets.UTF_8);
            byQueue.computeIfAbsent(context.keys.queue(channel), k -> new ArrayList<>()).add(channel);
        }
        double score = context.nextScore();
        long nowSeconds = context.nowSeconds();
        int skipped = 0;
        Map<Integer, List<Copy>> byHost = new TreeMap<>();
        for (Map.Entry<String, List<String>> queue : byQueue.entrySet()) {
            List<String> channels = queue.getValue();
            String first = channels.get(0);
            boolean own = context.isOwn(first);
            byte[] id = MessageCodec.newId();
            List<String> targets = own ? context.local.reserve(channels, id) : channels;
            skipped += channels.size() - targets.size();
            if (targets.isEmpty()) {
                continue;
            }
            byte[] member = context.codec.member(id, packed, targets, nowSeconds);
            int capacity = own ? 0 : context.settings.capacityFor(first);
            byHost.computeIfAbsent(context.keys.hostOfQueue(first), h -> new ArrayList<>())
                    .add(new Copy(KeySpace.bytes(queue.getKey()), member, capacity, targets, own ? id : null));
        }
        int skippedLocally = skipped;
        context.droppedFull.add(skippedLocally);
        List<CompletableFuture<int[]>> perHost = new ArrayList<>();
        byHost.forEach((host, copies) -> perHost.add(queueOn(host, score, copies)));
        return CompletableFuture.allOf(perHost.toArray(CompletableFuture[]::new)).handle((v, failure) -> {
            int delivered = 0;
            int full = skippedLocally;
            ChannelLayerException firstFailure = null;
            for (CompletableFuture<int[]> host : perHost) {
                if (host.isCompletedExceptionally()) {
                    firstFailure = firstFailure != null ? firstFailure : failureOf(host);
                } else {
                    int[] counts = host.join();
                    delivered += counts[0];
                    full += counts[1];
                }
            }
            if (firstFailure != null) {
                // One failed call, one lost message for layer.up, however many members or hosts it had.
                context.countLost(firstFailure, 1);
                throw new ChannelLayerException(firstFailure.getMessage() + " (the group send reached " + delivered
                        + " member(s) on the other hosts)", firstFailure);
            }
            return new GroupSendResult(delivered, full);
        });
    }

    /** Queues the copies of one host with one script; returns {delivered, skipped full}. */
    private CompletableFuture<int[]> queueOn(int host, double score, List<Copy> copies) {
        byte[][] keys = new byte[copies.size()][];
        byte[][] args = new byte[3 + 2 * copies.size()][];
        args[0] = LayerContext.score(score);
        args[1] = LayerContext.score(context.expiredBound());
        args[2] = LayerContext.ascii(context.settings.expiry().toMillis());
        for (int i = 0; i < copies.size(); i++) {
            keys[i] = copies.get(i).key();
            args[3 + 2 * i] = copies.get(i).member();
            args[4 + 2 * i] = LayerContext.ascii(copies.get(i).capacity());
        }
        CompletableFuture<List<Long>> queued = context.hosts.call(host, "group send to '" + group + "'",
                redis -> Scripts.GROUP_DELIVER.<List<Long>>run(redis, ScriptOutputType.MULTI, keys, args));
        return queued.handle((flags, failure) -> {
            if (failure != null) {
                for (Copy copy : copies) {
                    if (copy.ownId() != null) {
                        context.local.unreserve(copy.ownId());
                    }
                }
                throw failure instanceof ChannelLayerException e ? e : new ChannelLayerException(failure.getMessage(), failure);
            }
            context.expired.add(flags.get(0));
            int delivered = 0;
            int full = 0;
            for (int i = 0; i < copies.size(); i++) {
                if (flags.get(i + 1) == 1) {
                    delivered += copies.get(i).channels().size();
                } else {
                    full += copies.get(i).channels().size();
                }
            }
            context.droppedFull.add(full);
            return new int[] {delivered, full};
        });
    }

    private static ChannelLayerException failureOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            throw new IllegalStateException("not failed");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof ChannelLayerException c ? c
                    : new ChannelLayerException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** {@code members} without the names in {@code except}. */
    static List<byte[]> excluding(List<byte[]> members, Set<String> except) {
        if (except.isEmpty()) {
            return members;
        }
        List<byte[]> kept = new ArrayList<>(members.size());
        for (byte[] name : members) {
            if (!except.contains(new String(name, StandardCharsets.UTF_8))) {
                kept.add(name);
            }
        }
        return kept;
    }
}
