package io.channels4j.redis;

import io.channels4j.layer.Messages;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.LayerSettings;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process side of this layer's process-local channels: one bounded buffer per channel,
 * filled by the receive loop and emptied by {@code receive}, plus the capacity this layer's own
 * sends have reserved while their messages travel through Redis.
 *
 * <p>Capacity is per channel: a channel holds at most its capacity of messages buffered here or
 * on their way from this layer's own sends. A send from this layer to its own full channel fails
 * at once; a message from elsewhere that finds its channel full is dropped on arrival and
 * counted. Either way one busy channel never makes another channel of the process full.
 *
 * <p>State: each channel's {@link Box}, guarded by the map's per-key {@code compute}; a box is
 * removed when it holds nothing. Waiters are completed outside the lock.
 */
final class LocalChannels {

    private final ConcurrentHashMap<String, Box> boxes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteBuffer, Transit> inTransit = new ConcurrentHashMap<>();
    private final LayerSettings settings;
    private final long expiryMillis;
    private final LongAdder droppedFull;
    private final LongAdder expired;

    LocalChannels(LayerSettings settings, LongAdder droppedFull, LongAdder expired) {
        this.settings = settings;
        this.expiryMillis = settings.expiry().toMillis();
        this.droppedFull = droppedFull;
        this.expired = expired;
    }

    /** A message this layer sent to some of its own channels, still in Redis. */
    private record Transit(List<String> channels, long expiresAt) {
    }

    /**
     * Reserves room in each of {@code channels} (this layer's own) for the message {@code id}
     * about to be queued in Redis.
     *
     * @return the channels that had room; the others are full (not counted here)
     */
    List<String> reserve(List<String> channels, byte[] id) {
        long now = settings.clock().millis();
        List<String> reserved = new ArrayList<>(channels.size());
        for (String channel : channels) {
            boolean[] room = new boolean[1];
            boxes.compute(channel, (name, box) -> {
                Box b = box != null ? box : new Box(settings.capacityFor(name));
                b.dropExpired(now);
                if (b.used() < b.capacity) {
                    b.reserved++;
                    room[0] = true;
                }
                return b.isIdle() ? null : b;
            });
            if (room[0]) {
                reserved.add(channel);
            }
        }
        if (!reserved.isEmpty()) {
            inTransit.put(ByteBuffer.wrap(id), new Transit(reserved, now + expiryMillis));
        }
        return reserved;
    }

    /** Gives back the room reserved for {@code id}: its send failed. */
    void unreserve(byte[] id) {
        Transit transit = inTransit.remove(ByteBuffer.wrap(id));
        if (transit != null) {
            transit.channels().forEach(this::release);
        }
    }

    /**
     * A message arrived from Redis for {@code targets}: buffers it (or hands it to a waiting
     * receive) in each, using the room reserved for it when this layer sent it.
     */
    void arrive(byte[] id, List<String> targets, Map<String, Object> message, long expiresAt) {
        Transit transit = inTransit.remove(ByteBuffer.wrap(id));
        List<String> reserved = transit == null ? List.of() : transit.channels();
        long now = settings.clock().millis();
        if (expiresAt <= now) {
            expired.add(targets.size());
            reserved.forEach(this::release);
            return;
        }
        // Copies first: once a receiver has the original, it may change its byte[] at any moment.
        boolean copyEach = targets.size() > 1 && Messages.holdsBytes(message);
        List<Map<String, Object>> copies = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            copies.add(copyEach && i > 0 ? Messages.copy(message) : message);
        }
        for (int i = 0; i < targets.size(); i++) {
            offer(targets.get(i), copies.get(i), expiresAt, reserved.contains(targets.get(i)), now);
        }
        for (String channel : reserved) {
            if (!targets.contains(channel)) {
                release(channel);
            }
        }
    }

    /** The next message of {@code channel}, at once or when one arrives. */
    CompletableFuture<Map<String, Object>> receive(String channel) {
        long now = settings.clock().millis();
        CompletableFuture<Map<String, Object>> waiter = new CompletableFuture<>();
        Object[] taken = new Object[1];
        boxes.compute(channel, (name, box) -> {
            Box b = box != null ? box : new Box(settings.capacityFor(name));
            b.dropExpired(now);
            Buffered next = b.messages.poll();
            if (next != null) {
                taken[0] = next.message();
            } else {
                b.waiters.add(waiter);
            }
            return b.isIdle() ? null : b;
        });
        if (taken[0] != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> message = (Map<String, Object>) taken[0];
            return CompletableFuture.completedFuture(message);
        }
        waiter.whenComplete((m, failure) -> {
            if (failure != null) {
                boxes.computeIfPresent(channel, (name, b) -> {
                    b.waiters.remove(waiter);
                    return b.isIdle() ? null : b;
                });
            }
        });
        return waiter;
    }

    /** Drops the messages buffered for {@code channel}, counted as expired: its owner gave it up. */
    void drop(String channel) {
        boxes.computeIfPresent(channel, (name, b) -> {
            expired.add(b.messages.size());
            b.messages.clear();
            return b.isIdle() ? null : b;
        });
    }

    /** Drops every buffered message and reservation; waiting receives keep waiting. */
    void clear() {
        inTransit.clear();
        for (String name : boxes.keySet()) {
            boxes.computeIfPresent(name, (n, b) -> {
                b.messages.clear();
                b.reserved = 0;
                return b.isIdle() ? null : b;
            });
        }
    }

    /** Drops expired messages and reservations whose messages can no longer arrive. */
    void sweep() {
        long now = settings.clock().millis();
        inTransit.entrySet().removeIf(e -> {
            if (e.getValue().expiresAt() <= now) {
                e.getValue().channels().forEach(this::release);
                return true;
            }
            return false;
        });
        for (String name : boxes.keySet()) {
            boxes.computeIfPresent(name, (n, b) -> {
                b.dropExpired(now);
                return b.isIdle() ? null : b;
            });
        }
    }

    /** Fails every waiting receive: the layer is closing. */
    void failWaiters(ChannelLayerException cause) {
        List<CompletableFuture<Map<String, Object>>> waiting = new ArrayList<>();
        for (String name : boxes.keySet()) {
            boxes.computeIfPresent(name, (n, b) -> {
                waiting.addAll(b.waiters);
                b.waiters.clear();
                return b.isIdle() ? null : b;
            });
        }
        waiting.forEach(w -> w.completeExceptionally(cause));
    }

    /** Channels holding messages, reservations or waiting receives. */
    int size() {
        return boxes.size();
    }

    private void offer(String channel, Map<String, Object> message, long expiresAt, boolean reserved, long now) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Map<String, Object>>[] waiter = new CompletableFuture[1];
        boolean[] full = new boolean[1];
        boxes.compute(channel, (name, box) -> {
            Box b = box != null ? box : new Box(settings.capacityFor(name));
            b.dropExpired(now);
            if (reserved && b.reserved > 0) {
                b.reserved--;
            } else if (b.used() >= b.capacity) {
                full[0] = true;
                return b.isIdle() ? null : b;
            }
            CompletableFuture<Map<String, Object>> w = b.waiters.poll();
            if (w != null) {
                waiter[0] = w;
            } else {
                b.messages.add(new Buffered(message, expiresAt));
            }
            return b.isIdle() ? null : b;
        });
        if (full[0]) {
            droppedFull.increment();
        } else if (waiter[0] != null && !waiter[0].complete(message)) {
            // The receive was given up between our claim and the hand-over: keep the message.
            forceBuffer(channel, message, expiresAt);
        }
    }

    private void forceBuffer(String channel, Map<String, Object> message, long expiresAt) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Map<String, Object>>[] waiter = new CompletableFuture[1];
        boxes.compute(channel, (name, box) -> {
            Box b = box != null ? box : new Box(settings.capacityFor(name));
            waiter[0] = b.waiters.poll();
            if (waiter[0] == null) {
                b.messages.addFirst(new Buffered(message, expiresAt));
            }
            return b.isIdle() ? null : b;
        });
        if (waiter[0] != null && !waiter[0].complete(message)) {
            forceBuffer(channel, message, expiresAt);
        }
    }

    private void release(String channel) {
        boxes.computeIfPresent(channel, (name, b) -> {
            if (b.reserved > 0) {
                b.reserved--;
            }
            return b.isIdle() ? null : b;
        });
    }

    private record Buffered(Map<String, Object> message, long expiresAt) {
    }

    /** One channel's buffer, reservations and waiting receives. */
    private final class Box {
        final int capacity;
        final ArrayDeque<Buffered> messages = new ArrayDeque<>();
        final ArrayDeque<CompletableFuture<Map<String, Object>>> waiters = new ArrayDeque<>(1);
        int reserved;

        Box(int capacity) {
            this.capacity = capacity;
        }

        int used() {
            return messages.size() + reserved;
        }

        void dropExpired(long now) {
            Iterator<Buffered> it = messages.iterator();
            while (it.hasNext() && it.next().expiresAt() <= now) {
                it.remove();
                expired.increment();
            }
        }

        boolean isIdle() {
            return messages.isEmpty() && waiters.isEmpty() && reserved == 0;
        }
    }
}
