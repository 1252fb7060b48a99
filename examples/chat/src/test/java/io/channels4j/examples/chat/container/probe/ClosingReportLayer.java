package io.channels4j.examples.chat.container.probe;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerStats;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The probe deployment's own layer (the documented "your own layer" producer, enabled by
 * {@code @Alternative @Priority} on the declaring class): an in-memory layer
 * that, when CDI disposes of it as the application stops (after channels4j has closed the
 * connections), records what it still holds in the {@link ProbeLog}: nothing, if every consumer
 * left its groups and channel.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class ClosingReportLayer {

    @Produces
    @ApplicationScoped
    @Typed(ChannelLayer.class)
    ChannelLayer layer() {
        return new Reporting(new InMemoryChannelLayer());
    }

    void close(@Disposes ChannelLayer layer) {
        layer.close();
    }

    private record Reporting(ChannelLayer layer) implements ChannelLayer {
        @Override
        public void close() {
            LayerStats stats = layer.stats();
            ProbeLog.add("layer closed holding groups=" + stats.groups() + " channels=" + stats.channels());
            layer.close();
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
            return layer.groupAdd(group, channel);
        }

        @Override
        public CompletionStage<Void> groupDiscard(String group, String channel) {
            return layer.groupDiscard(group, channel);
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
    }
}
