package io.channels4j.embedded;

import io.channels4j.layer.ChannelLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.Unmanaged;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The CDI container (Weld SE) of one embedded server: it creates endpoint instances with
 * injection, exactly as Payara and WildFly do, and owns the application-scoped
 * {@link ChannelLayer} bean. Loaded only when Weld is on the class path.
 */
final class EmbeddedCdi implements AutoCloseable {

    private final WeldContainer container;
    private final Map<Object, Unmanaged.UnmanagedInstance<?>> created =
            Collections.synchronizedMap(new IdentityHashMap<>());
    /**
     * One {@link Unmanaged} per endpoint class: building one makes Weld analyse the class and
     * build its injection target, which cost a fifth of a handshake's CPU when done per connection.
     */
    private final Map<Class<?>, Unmanaged<?>> unmanaged = new ConcurrentHashMap<>();

    /**
     * Boots a Weld container. Weld's own shutdown hook is skipped: the server shuts the container
     * down after its connections have finished, in {@link #close()}.
     *
     * @param suppliedLayer a layer the application built itself, which then becomes the bean
     *     instead of the one configured by properties; or {@code null}
     */
    EmbeddedCdi(ChannelLayer suppliedLayer) {
        Weld weld = new Weld("channels4j-" + UUID.randomUUID()).property("org.jboss.weld.construction.relaxed", true)
                .skipShutdownHook();
        if (suppliedLayer != null) {
            weld.addExtension(new SuppliedLayer(suppliedLayer));
        }
        this.container = weld.initialize();
    }

    /** The application-scoped channel layer bean: its instance where it can be had, else its proxy. */
    ChannelLayer channelLayer() {
        return io.channels4j.internal.LayerInstances.of(container.getBeanManager())
                .orElseGet(() -> container.select(ChannelLayer.class).get());
    }

    /** The bean of {@code type}. */
    <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    /** Creates an endpoint instance with its {@code @Inject} fields and methods filled in. */
    <T> T create(Class<T> endpointClass) {
        @SuppressWarnings("unchecked")
        Unmanaged<T> forClass = (Unmanaged<T>) unmanaged.computeIfAbsent(endpointClass,
                c -> new Unmanaged<>(container.getBeanManager(), c));
        Unmanaged.UnmanagedInstance<T> instance = forClass.newInstance().produce().inject().postConstruct();
        T endpoint = instance.get();
        created.put(endpoint, instance);
        return endpoint;
    }

    /** Runs {@code @PreDestroy} of an instance this container created; false for others. */
    boolean destroy(Object endpoint) {
        Unmanaged.UnmanagedInstance<?> instance = created.remove(endpoint);
        if (instance == null) {
            return false;
        }
        instance.preDestroy().dispose();
        return true;
    }

    @Override
    public void close() {
        container.shutdown();
    }

    /**
     * Makes an application-supplied layer the {@link ChannelLayer} bean, in place of the configured
     * one's producer, and {@link io.channels4j.Users} and {@link io.channels4j.presence.Presence}
     * beans over it, as that producer makes them.
     */
    static final class SuppliedLayer implements Extension {
        private final ChannelLayer layer;

        SuppliedLayer(ChannelLayer layer) {
            this.layer = layer;
        }

        void vetoConfiguredLayer(@Observes ProcessAnnotatedType<io.channels4j.cdi.ChannelLayerProducer> producer) {
            producer.veto();
        }

        void addSuppliedLayer(@Observes AfterBeanDiscovery discovery) {
            discovery.addBean().types(ChannelLayer.class, Object.class).scope(ApplicationScoped.class)
                    .createWith(context -> layer);
            discovery.addBean().types(io.channels4j.Users.class, Object.class).scope(Dependent.class)
                    .createWith(context -> new io.channels4j.Users(layer));
            discovery.addBean().types(io.channels4j.presence.Presence.class, Object.class).scope(Dependent.class)
                    .createWith(context -> new io.channels4j.presence.Presence(layer));
        }
    }
}
