package io.channels4j.internal;

import io.channels4j.ConsumerConfigurator;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.reflect.Constructor;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks the allowed origins when an application starts (the embedded server's {@code start()},
 * {@link OriginRefusalInitializer} in a WAR), so that a malformed entry stops the start with a
 * message naming it instead of breaking every handshake later, and so that an open door
 * ({@code *}) is logged once. At a handshake, an entry that became malformed since is logged once
 * and the handshake refused.
 */
public final class OriginChecks {

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static volatile Function<Object, List<String>> configuratorOrigins;

    private OriginChecks() {
    }

    /** Called once by {@link ConsumerConfigurator}: how to read a configurator's {@code allowedOrigins()}. */
    public static void register(Function<Object, List<String>> allowedOrigins) {
        configuratorOrigins = allowedOrigins;
    }

    /**
     * Checks the {@value ConsumerConfigurator#ALLOWED_ORIGINS} setting and the lists of the
     * {@code ConsumerConfigurator} subclasses that {@code endpointClasses} declare; logs a warning
     * for each that holds {@code *}.
     *
     * @throws IllegalArgumentException naming the setting or the endpoint, and the bad entry
     */
    public static void requireValid(Collection<Class<?>> endpointClasses) {
        Optional<String> setting = Settings.property(ConsumerConfigurator.ALLOWED_ORIGINS);
        if (setting.isPresent()) {
            check(Origins.parseList(setting.get()), "setting " + ConsumerConfigurator.ALLOWED_ORIGINS);
        }
        for (Class<?> endpoint : endpointClasses) {
            ServerEndpoint annotation = endpoint.getAnnotation(ServerEndpoint.class);
            if (annotation == null || annotation.configurator() == ConsumerConfigurator.class
                    || !ConsumerConfigurator.class.isAssignableFrom(annotation.configurator())) {
                continue;
            }
            List<String> origins = originsOf(annotation.configurator(), endpoint);
            if (origins != null) {
                check(origins, endpoint.getName() + " (" + annotation.configurator().getName() + ".allowedOrigins())");
            }
        }
    }

    /** Logs, once per message, that a handshake to an endpoint was refused because its list is malformed. */
    public static void reportMalformedAtHandshake(Class<?> configurator, IllegalArgumentException malformed) {
        String message = configurator.getName() + ": " + malformed.getMessage();
        if (REPORTED.add(message)) {
            LOG.log(System.Logger.Level.ERROR, "refusing WebSocket handshakes (HTTP 403) until the allowed origins"
                    + " are fixed: " + message);
        }
    }

    private static void check(List<String> origins, String source) {
        try {
            Origins.requireValid(origins);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException(source + ": " + malformed.getMessage(), malformed);
        }
        if (origins.contains("*")) {
            LOG.log(System.Logger.Level.WARNING, source + " is '*': every web page on any site may open WebSockets"
                    + " here with its visitors' cookies (no origin check)");
        }
    }

    /** The list a configurator instance gives, or null when it cannot be made here (the container reports that). */
    private static List<String> originsOf(Class<?> configurator, Class<?> endpoint) {
        Object instance;
        try {
            Constructor<?> constructor = configurator.getDeclaredConstructor();
            instance = constructor.newInstance();
        } catch (ReflectiveOperationException | LinkageError notConstructible) {
            return null;
        }
        try {
            return configuratorOrigins.apply(instance);
        } catch (RuntimeException failed) {
            throw new IllegalArgumentException(endpoint.getName() + " (" + configurator.getName()
                    + ".allowedOrigins()) failed: " + failed, failed);
        }
    }
}
