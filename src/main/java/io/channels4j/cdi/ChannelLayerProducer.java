package io.channels4j.cdi;

import io.channels4j.Users;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.presence.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;

/**
 * Makes the application's {@link ChannelLayer} an application-scoped CDI bean, built from
 * {@link LayerConfiguration#fromEnvironment()} and closed when the application stops. Consumers
 * use it automatically; other beans {@code @Inject ChannelLayer layer} to send to groups from
 * ordinary code. To supply your own layer, write a {@code @Produces @ApplicationScoped} method in a
 * class annotated {@code @Alternative @Priority(1)} (CDI 4.0 enables alternative producers through
 * their declaring class). It also makes {@link Users} and {@link Presence} beans over that layer.
 */
@ApplicationScoped
public class ChannelLayerProducer {

    /** The layer, created at first use. */
    @Produces
    @ApplicationScoped
    @Typed(ChannelLayer.class)
    public ChannelLayer channelLayer() {
        return LayerConfiguration.fromEnvironment().createLayer();
    }

    /** {@link Users} over the application's layer, for {@code @Inject Users users}. */
    @Produces
    @Dependent
    public Users users(ChannelLayer layer) {
        return new Users(layer);
    }

    /** {@link Presence} over the application's layer, for {@code @Inject Presence presence}. */
    @Produces
    @Dependent
    public Presence presence(ChannelLayer layer) {
        return new Presence(layer);
    }

    /** Closes the layer when the application stops. */
    public void close(@Disposes ChannelLayer layer) {
        layer.close();
    }
}
