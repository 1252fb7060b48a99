package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.LayerListener;
import io.channels4j.layer.LayerStats;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The channel layer as one consumer sees it: every group its own channel joins is remembered,
 * so that the connection leaves them all when it ends, however it ends.
 */
final class TrackingLayer implements ChannelLayer {

    private final ChannelLayer layer;
    private final Connection connection;

    TrackingLayer(ChannelLayer layer, Connection connection) {
        this.layer = layer;
        this.connection = connection;
    }

    @Override
    public CompletionStage<String> newChannel(String prefix) {
        return layer.newChannel(prefix);
    }

    @Override
    public CompletionStage<Void> send(String channel, Map<String, ?> message) {
        return layer.send(channel, message);
    }

    @Override
    public CompletionStage<Map<String, Object>> receive(String channel) {
        return layer.receive(channel);
    }

    @Override
    public CompletionStage<Void> groupAdd(String group, String channel) {
        CompletionStage<Void> added = layer.groupAdd(group, channel);
        if (connection.isOwnChannel(channel)) {
            connection.joined(group);
        }
        return added;
    }

    @Override
    public CompletionStage<Void> groupDiscard(String group, String channel) {
        CompletionStage<Void> discarded = layer.groupDiscard(group, channel);
        if (connection.isOwnChannel(channel)) {
            connection.left(group);
        }
        return discarded;
    }

    @Override
    public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message) {
        return layer.groupSend(group, message);
    }

    @Override
    public CompletionStage<Void> flush() {
        return layer.flush();
    }

    @Override
    public LayerStats stats() {
        return layer.stats();
    }

    @Override
    public LayerListener.Registration addListener(LayerListener listener) {
        return layer.addListener(listener);
    }

    /** The shared layer belongs to the application, not to one consumer: refuses. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("a consumer cannot close the shared channel layer;"
                + " its owner (the CDI container or the embedded server) closes it");
    }
}
