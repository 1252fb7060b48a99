package io.channels4j.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of channels4j's consumer base classes: each registers, when it is loaded, the
 * binder that lends its package-private parts to the engine (its hooks, where its connection
 * goes) and says whether its consumers are asynchronous. The engine learns every fact about a
 * base class here, so it never imports one.
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

    /**
     * A consumer class's nearest channels4j base class, and its binder.
     *
     * @param baseClass the base class; it and its superclasses hold no event handlers
     * @param binder the base class's binder
     */
    record Base(Class<?> baseClass, Binder binder) {
    }

    private static final Map<Class<?>, Binder> BINDERS = new ConcurrentHashMap<>();

    private ConsumerBinding() {
    }

    /** Registers the binder of a consumer base class. */
    public static void register(Class<?> baseClass, Binder binder) {
        BINDERS.put(baseClass, binder);
    }

    /** Registers a base class that extends a registered one and binds like it (the JSON consumers). */
    public static void registerLike(Class<?> baseClass) {
        Base parent = baseOf(baseClass.getSuperclass());
        if (parent == null) {
            throw new IllegalStateException(baseClass.getName() + " extends no registered consumer base class");
        }
        BINDERS.put(baseClass, parent.binder());
    }

    /**
     * The nearest registered base class of {@code type}, or null when it is no channels4j consumer.
     * The base classes register in their static initializers, which run when a subclass is
     * initialized: {@code type} is initialized first.
     */
    static Base baseOf(Class<?> type) {
        if (type == null) {
            return null;
        }
        initialize(type);
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Binder b = BINDERS.get(c);
            if (b != null) {
                return new Base(c, b);
            }
        }
        return null;
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            // A class the engine was handed is loaded already; an error here shows at first use.
        }
    }
}
