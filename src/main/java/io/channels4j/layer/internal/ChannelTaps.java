package io.channels4j.layer.internal;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * The channels of a layer that can be tapped ({@link ChannelBuffers#tap}): a layer whose channels
 * live in this process registers its buffers here when it is built, and the engine asks for them
 * by the layer instance when a connection starts, so that its inbox takes the channel's messages
 * without a receive per message. A layer that did not register is received from as usual.
 */
public final class ChannelTaps {

    private static final Map<Object, ChannelTaps> LAYERS = Collections.synchronizedMap(new WeakHashMap<>());

    private final ChannelBuffers buffers;
    private final Clock clock;

    private ChannelTaps(ChannelBuffers buffers, Clock clock) {
        this.buffers = buffers;
        this.clock = clock;
    }

    /** Registers the buffers that hold {@code layer}'s channels (compared by identity). */
    public static void register(Object layer, ChannelBuffers buffers, Clock clock) {
        LAYERS.put(layer, new ChannelTaps(buffers, clock));
    }

    /** The taps of {@code layer}, or empty when it registered none. */
    public static Optional<ChannelTaps> of(Object layer) {
        return Optional.ofNullable(LAYERS.get(layer));
    }

    /** See {@link ChannelBuffers#tap}. */
    public void tap(String channel, Consumer<Map<String, Object>> receiver, int credit) {
        buffers.tap(channel, receiver, credit, clock.millis());
    }

    /** See {@link ChannelBuffers#grant}. */
    public void grant(String channel, int credit) {
        buffers.grant(channel, credit, clock.millis());
    }

    /** See {@link ChannelBuffers#untap}. */
    public void untap(String channel) {
        buffers.untap(channel);
    }
}
