package io.channels4j.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets channels4j's own packages (the test kit) attach a connection to a consumer without the
 * container, through package-private methods of the consumer base classes. Each base class
 * registers its binder when it is loaded.
 */
public final class ConsumerBinding {

    /** What a consumer base class lends to channels4j. */
    public interface Binder {
        /** The hooks the connection calls on {@code consumer}. */
        ConsumerHooks hooks(Object consumer);

        /** Makes {@code connection} the consumer's connection. */
        void attach(Object consumer, Connection connection);

        /** Whether consumers of this base class are asynchronous. */
        boolean async();
    }

    private static final Map<Class<?>, Binder> BINDERS = new ConcurrentHashMap<>();

    private ConsumerBinding() {
    }

    /** Registers the binder of a consumer base class. */
    public static void register(Class<?> baseClass, Binder binder) {
        BINDERS.put(baseClass, binder);
    }

    /** The binder for {@code consumer}'s base class. */
    public static Binder of(Object consumer) {
        for (Class<?> c = consumer.getClass(); c != null; c = c.getSuperclass()) {
            Binder b = BINDERS.get(c);
            if (b != null) {
                return b;
            }
        }
        throw new IllegalArgumentException(consumer.getClass().getName() + " is not a channels4j consumer:"
                + " extend WebsocketConsumer, AsyncWebsocketConsumer or a JSON consumer");
    }
}
