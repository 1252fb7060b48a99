package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The consumer runtime of one CDI application (a WAR in Payara or WildFly): built at first use
 * around the application's {@link ChannelLayer} bean with thread pools of its own, and stopped
 * when the application stops. Stopping closes every open connection with 1001 (going away), waits
 * for their {@code disconnect} steps and group departures while the layer bean still lives, then
 * shuts the pools down, so an undeployment leaves no connection, membership or thread behind.
 *
 * <p>Its observer has priority {@code LIBRARY_AFTER}, so where observers run in priority order
 * (WildFly) an application's own {@code @BeforeDestroyed} observers with the default priority come
 * first. Payara was seen calling an observer of a later priority before it: do not count on the
 * connections being open in such an observer.
 */
@ApplicationScoped
public class ApplicationRuntime {

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(10);
    private static final Duration POOL_WAIT = Duration.ofSeconds(5);

    @Inject
    Instance<ChannelLayer> layers;

    @Inject
    BeanManager beans;

    private ConsumerRuntime runtime;
    private ThreadPoolExecutor blocking;
    private ThreadPoolExecutor events;
    private boolean stopped;

    /**
     * The runtime, built at first call; null when the application has no single {@link ChannelLayer}
     * bean or has stopped.
     */
    public synchronized ConsumerRuntime runtime() {
        if (runtime == null && !stopped && layers.isResolvable()) {
            blocking = Executors.newBlockingPool();
            events = Executors.newEventPool();
            runtime = new ConsumerRuntime(layerInstance(), blocking, events);
        }
        return stopped ? null : runtime;
    }

    /** The layer bean's instance where it can be had, so the engine can ask what it can do; else its proxy. */
    private ChannelLayer layerInstance() {
        return LayerInstances.of(beans).orElseGet(layers::get);
    }

    /** Called by CDI as the application stops, before the layer bean is destroyed. */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.LIBRARY_AFTER)
              @BeforeDestroyed(ApplicationScoped.class) Object event) {
        ConsumerRuntime r;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            r = runtime;
        }
        if (r == null) {
            return;
        }
        CdiRuntime.forget(r);
        long open = r.unfinished();
        if (!r.stopAll(DISCONNECT_WAIT)) {
            LOG.log(System.Logger.Level.WARNING, "channels4j: " + r.unfinished() + " of " + open
                    + " connections did not finish disconnecting within " + DISCONNECT_WAIT.toSeconds() + " s");
        }
        shutDown(blocking);
        shutDown(events);
        LOG.log(System.Logger.Level.INFO, "channels4j: application stopped; closed " + open
                + " connections; " + r.stats().toJson());
    }

    private static void shutDown(ThreadPoolExecutor pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(POOL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "channels4j: a pool still ran work " + POOL_WAIT.toSeconds()
                        + " s after its application stopped; interrupting it");
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
