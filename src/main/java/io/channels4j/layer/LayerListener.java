package io.channels4j.layer;

/**
 * Hears a channel layer lose its backing store and get it back, so that consumers can tell their
 * users ("reconnecting…") instead of going quiet. Register with
 * {@link ChannelLayer#addListener(LayerListener)}; a layer that cannot lose its store (the
 * in-memory layer) never calls it.
 *
 * <p>Consumers need not register themselves: a consumer that declares a handler for
 * {@code layer.down} or {@code layer.up} gets these as events, {@code {"type": "layer.down"}} and
 * {@code {"type": "layer.up", "lost": n}}, through its normal, one-at-a-time event path; likewise
 * {@code layer.node_lost} with {@code node}, {@code groups} and {@code memberships}.
 *
 * <p>The methods are called on the layer's own threads and must return quickly; {@code layerDown}
 * and {@code layerUp} are called alternately, {@code layerDown} first.
 */
public interface LayerListener {

    /**
     * The layer's store became unreachable. From now on sends fail fast with
     * {@link ChannelLayerException}; waiting receives keep waiting and resume when it is back.
     *
     * @param cause the failure that showed it, naming the store
     */
    void layerDown(ChannelLayerException cause);

    /**
     * The store is reachable again and the layer has restored what it could (this instance's
     * group memberships, unacknowledged messages).
     *
     * @param lost messages this layer instance could not queue while the store was down: its
     *     {@code send} and {@code groupSend} calls that failed for that reason, each counted once
     *     (a group send whatever its size), and each seen by its caller as a failure; messages
     *     that were waiting inside a store that restarted without persistence are gone too and
     *     cannot be counted
     */
    void layerUp(long lost);

    /**
     * Another node's heartbeat lapsed (Redis layer, see {@code docs/presence.md}): this layer
     * removed that node's channels from every group, once for the whole cluster. The default does
     * nothing.
     *
     * @param node the lost node's client prefix, the part of its channel names between {@code .} and {@code !}
     * @param groups the groups it was still a member of
     * @param memberships the memberships removed (one per channel and group)
     */
    default void nodeLost(String node, long groups, long memberships) {
    }

    /** Removes a listener registered with {@link ChannelLayer#addListener(LayerListener)}. */
    @FunctionalInterface
    interface Registration {

        /** Stops calling the listener; calling it again does nothing. */
        void remove();
    }
}
