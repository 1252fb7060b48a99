package io.channels4j.examples.chat.container.probe;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerStats;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;

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
        return new InMemoryChannelLayer();
    }

    void close(@Disposes ChannelLayer layer) {
        LayerStats stats = layer.stats();
        ProbeLog.add("layer closed holding groups=" + stats.groups() + " channels=" + stats.channels());
        layer.close();
    }
}
