package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Optional;

/**
 * Finds the {@link ChannelLayer} bean's own instance rather than its client proxy. The engine asks
 * what a layer can do by its instance (an in-memory layer's channels can hand messages straight to
 * a connection's inbox); calls on it reach the same object as calls on the proxy. Only loaded
 * where CDI is on the class path.
 */
public final class LayerInstances {

    private LayerInstances() {
    }

    /** The instance of the application's default layer bean, or empty where it has no normal scope or none is active. */
    public static Optional<ChannelLayer> of(BeanManager beans) {
        try {
            Bean<?> bean = beans.resolve(beans.getBeans(ChannelLayer.class));
            if (bean == null || !beans.isNormalScope(bean.getScope())) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Bean<Object> layerBean = (Bean<Object>) bean;
            Object instance = beans.getContext(bean.getScope()).get(layerBean, beans.createCreationalContext(layerBean));
            return instance instanceof ChannelLayer layer ? Optional.of(layer) : Optional.empty();
        } catch (RuntimeException noInstance) {
            return Optional.empty();   // the proxy works as well, only through the layer's public calls
        }
    }
}
