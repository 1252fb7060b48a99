package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the runtime for a new connection, in this order: the one registered for its container
 * (the embedded server registers one), the one built around the CDI container's
 * {@link ChannelLayer} bean (Payara, WildFly, the embedded server with CDI), else the process's
 * default runtime over one shared {@link InMemoryChannelLayer}.
 */
public final class Runtimes {

    private static final Map<WebSocketContainer, ConsumerRuntime> BY_CONTAINER = new WeakHashMap<>();
    private static volatile ConsumerRuntime processDefault;

    private Runtimes() {
    }

    /** Makes every connection of {@code container} use {@code runtime}. */
    public static void register(WebSocketContainer container, ConsumerRuntime runtime) {
        synchronized (BY_CONTAINER) {
            BY_CONTAINER.put(container, runtime);
        }
    }

    /** Forgets what was registered for {@code container}. */
    public static void unregister(WebSocketContainer container) {
        synchronized (BY_CONTAINER) {
            BY_CONTAINER.remove(container);
        }
    }

    /** The runtime for a connection on {@code session}. */
    public static ConsumerRuntime forSession(Session session) {
        WebSocketContainer container = session.getContainer();
        if (container != null) {
            synchronized (BY_CONTAINER) {
                ConsumerRuntime registered = BY_CONTAINER.get(container);
                if (registered != null) {
                    return registered;
                }
            }
        }
        ConsumerRuntime fromCdi = CdiRuntime.lookup();
        return fromCdi != null ? fromCdi : processDefault();
    }

    /** The runtime of the application's CDI container, or the process default without one. */
    public static ConsumerRuntime forApplication() {
        ConsumerRuntime fromCdi = CdiRuntime.lookup();
        return fromCdi != null ? fromCdi : processDefault();
    }

    /** The runtime used where nothing else is configured: one in-memory layer per process. */
    public static ConsumerRuntime processDefault() {
        ConsumerRuntime r = processDefault;
        if (r == null) {
            synchronized (Runtimes.class) {
                r = processDefault;
                if (r == null) {
                    r = ConsumerRuntime.of(new InMemoryChannelLayer());
                    processDefault = r;
                }
            }
        }
        return r;
    }
}
