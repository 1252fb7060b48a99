package io.channels4j.embedded;

import org.glassfish.tyrus.core.ComponentProvider;

/**
 * Lets Tyrus create endpoint instances through the embedded server's {@link EndpointFactory}
 * (CDI where available). Registered with Tyrus through {@code META-INF/services}; it applies only
 * on an embedded server's own worker threads, so a Tyrus inside Payara never uses it.
 */
public final class CdiComponentProvider extends ComponentProvider {

    /** Created by Tyrus's service lookup. */
    public CdiComponentProvider() {
    }

    @Override
    public boolean isApplicable(Class<?> c) {
        return Thread.currentThread() instanceof ServerThread;
    }

    @Override
    public <T> Object create(Class<T> c) {
        if (!(Thread.currentThread() instanceof ServerThread thread)) {
            return null;
        }
        try {
            return thread.factory().create(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + c.getName() + ": " + e, e);
        }
    }

    @Override
    public boolean destroy(Object o) {
        return EndpointFactories.destroy(o);
    }
}
