package io.channels4j.internal;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import java.util.Set;

/** The handler table of each consumer class, built once at first use and kept with the class. */
public final class HandlerTables {

    /**
     * The consumer base classes, known by identity rather than by package, so that a user's
     * consumer is never taken for one (channels4j's own tests declare consumers in its package).
     */
    private static final Set<Class<?>> BASES = Set.of(WebsocketConsumer.class, AsyncWebsocketConsumer.class,
            JsonWebsocketConsumer.class, AsyncJsonWebsocketConsumer.class);

    private static final ClassValue<HandlerTable> TABLES = new ClassValue<>() {
        @Override
        protected HandlerTable computeValue(Class<?> consumerClass) {
            Class<?> base = consumerClass;
            while (base != null && !BASES.contains(base)) {
                base = base.getSuperclass();
            }
            if (base == null) {
                throw new IllegalArgumentException(consumerClass.getName() + " is not a channels4j consumer");
            }
            boolean async = AsyncWebsocketConsumer.class.isAssignableFrom(consumerClass);
            return HandlerTable.build(consumerClass, base, async);
        }
    };

    private HandlerTables() {
    }

    /** The (possibly invalid) table of {@code consumerClass}, a subclass of a consumer base class. */
    public static HandlerTable of(Class<?> consumerClass) {
        return TABLES.get(consumerClass);
    }
}
