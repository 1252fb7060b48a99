package io.channels4j.embedded;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint factories of the running embedded servers, so an instance can be released on
 * whatever thread Tyrus closes its session.
 */
final class EndpointFactories {

    private static final Set<EndpointFactory> ACTIVE = ConcurrentHashMap.newKeySet();

    private EndpointFactories() {
    }

    static void add(EndpointFactory factory) {
        ACTIVE.add(factory);
    }

    static void remove(EndpointFactory factory) {
        ACTIVE.remove(factory);
    }

    static boolean destroy(Object endpoint) {
        for (EndpointFactory f : ACTIVE) {
            if (f.destroy(endpoint)) {
                return true;
            }
        }
        return false;
    }

    /** Creates instances by their public no-argument constructor; nothing to release. */
    static EndpointFactory reflective() {
        return new EndpointFactory() {
            @Override
            public <T> Object create(Class<T> endpointClass) throws ReflectiveOperationException {
                return endpointClass.getDeclaredConstructor().newInstance();
            }

            @Override
            public boolean destroy(Object endpoint) {
                return false;
            }
        };
    }

    /** Creates instances through {@code cdi}, with injection. */
    static EndpointFactory cdi(EmbeddedCdi cdi) {
        return new EndpointFactory() {
            @Override
            public <T> Object create(Class<T> endpointClass) {
                return cdi.create(endpointClass);
            }

            @Override
            public boolean destroy(Object endpoint) {
                return cdi.destroy(endpoint);
            }
        };
    }
}
