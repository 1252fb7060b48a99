package io.channels4j.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls the zero-argument methods some containers' sessions and requests offer beyond the Jakarta
 * API (Tyrus's addresses), each looked up once per class: handshakes ask on every connection.
 */
final class ContainerMethods {

    private static final ClassValue<Map<String, Optional<Method>>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private ContainerMethods() {
    }

    /** The result of {@code target.method()}, or null where its class has no such public method or the call fails. */
    static Object call(Object target, String method) {
        Optional<Method> m = METHODS.get(target.getClass()).computeIfAbsent(method, name -> {
            try {
                return Optional.of(target.getClass().getMethod(name));
            } catch (NoSuchMethodException | SecurityException notOffered) {
                return Optional.empty();
            }
        });
        if (m.isEmpty()) {
            return null;
        }
        try {
            return m.get().invoke(target);
        } catch (ReflectiveOperationException | RuntimeException failed) {
            return null;
        }
    }
}
