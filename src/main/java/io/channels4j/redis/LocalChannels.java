package io.channels4j.redis;

import io.channels4j.layer.internal.ChannelBuffers;
import io.channels4j.layer.Messages;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.LayerSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * <p>State: the channels' {@link ChannelBuffers} (each guarded by its map's per-key
 * {@code compute}) and the reservations of messages in transit, by message id.
 */
final class LocalChannels {

    private final ChannelBuffers buffers;
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
        this.buffers = new ChannelBuffers(settings::capacityFor, expired);
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
            if (buffers.reserve(channel, now)) {
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
            transit.channels().forEach(buffers::release);
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
            reserved.forEach(buffers::release);
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
                buffers.release(channel);
            }
        }
    }

    /** The next message of {@code channel}, at once or when one arrives. */
    CompletableFuture<Map<String, Object>> receive(String channel) {
        return buffers.receive(channel, settings.clock().millis());
    }

    /** Drops the messages buffered for {@code channel}, counted as expired: its owner gave it up. */
    void drop(String channel) {
        buffers.drop(channel);
    }

    /** Drops every buffered message and reservation; waiting receives keep waiting. */
    void clear() {
        inTransit.clear();
        buffers.clear();
    }

    /** Drops expired messages and reservations whose messages can no longer arrive. */
    void sweep() {
        long now = settings.clock().millis();
        inTransit.entrySet().removeIf(e -> {
            if (e.getValue().expiresAt() <= now) {
                e.getValue().channels().forEach(buffers::release);
                return true;
            }
            return false;
        });
        buffers.sweep(now);
    }

    /** Fails every waiting receive: the layer is closing. */
    void failWaiters(ChannelLayerException cause) {
        buffers.failWaiters(cause);
    }

    /** Channels holding messages, reservations or waiting receives. */
    int size() {
        return buffers.size();
    }

    private void offer(String channel, Map<String, Object> message, long expiresAt, boolean reserved, long now) {
        ChannelBuffers.Offer outcome = buffers.offer(channel, message, expiresAt, now, reserved);
        if (outcome == ChannelBuffers.Offer.FULL) {
            droppedFull.increment();
        } else if (outcome == ChannelBuffers.Offer.RECEIVER_GONE) {
            // The receive was given up between our claim and the hand-over: keep the message.
            buffers.putFirst(channel, message, expiresAt);
        }
    }
}
