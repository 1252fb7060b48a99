package io.channels4j.redis;

import io.channels4j.layer.Messages;
import io.lettuce.core.ScoredValue;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * Turns members popped from Redis into messages for receivers: decodes (and decrypts) them, drops
 * expired ones and ones this layer cannot read (counted and logged), and routes a process-local
 * message to the channels named in its {@code __asgi_channel__}.
 */
final class Inbound {

    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");

    private final LayerContext context;

    Inbound(LayerContext context) {
        this.context = context;
    }

    /** A batch the receive loop took from this process's queue: into the local channels' buffers. */
    void handOver(List<ReceiveLoop.Popped> batch) {
        for (ReceiveLoop.Popped popped : batch) {
            MessageCodec.Decoded decoded = decode(popped.member());
            if (decoded == null) {
                continue;
            }
            List<String> targets = decoded.targets();
            if (targets.isEmpty()) {
                LOG.log(Level.WARNING, "dropped a message without a valid " + Messages.RESERVED_KEY
                        + " from this process's queue");
                continue;
            }
            context.local.arrive(decoded.id(), targets, decoded.message(), context.expiresAt(popped.score()));
        }
    }

    /** A member popped from a normal channel's queue: its message, or null when it is dropped. */
    Map<String, Object> forNormalChannel(ScoredValue<byte[]> popped) {
        MessageCodec.Decoded decoded = decode(popped.getValue());
        if (decoded == null) {
            return null;
        }
        if (context.expiresAt(popped.getScore()) <= context.nowMillis()) {
            context.expired.increment();
            return null;
        }
        return decoded.message();
    }

    private MessageCodec.Decoded decode(byte[] member) {
        try {
            return context.codec.decode(member, context.nowSeconds(), context.tokenTtlSeconds());
        } catch (IllegalArgumentException e) {
            context.unreadable.increment();
            LOG.log(Level.WARNING, "dropped a message this layer cannot read (other encryption keys?): " + e.getMessage());
            return null;
        }
    }
}
