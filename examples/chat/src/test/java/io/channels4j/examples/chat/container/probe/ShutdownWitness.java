package io.channels4j.examples.chat.container.probe;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.LayerStats;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Records, as the application stops and after channels4j has closed its connections (a later
 * priority than the library's), what the layer still holds: nothing, if every consumer left its
 * groups and channel.
 */
@ApplicationScoped
public class ShutdownWitness {

    @Inject
    ChannelLayer layer;

    void stopped(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 100)
                 @BeforeDestroyed(ApplicationScoped.class) Object event) {
        LayerStats stats = layer.stats();
        ProbeLog.add("stopped groups=" + stats.groups() + " channels=" + stats.channels());
    }
}
