package io.channels4j.internal;

/** The handler table of each consumer class, built once at first use and kept with the class. */
public final class HandlerTables {

    private static final ClassValue<HandlerTable> TABLES = new ClassValue<>() {
        @Override
        protected HandlerTable computeValue(Class<?> consumerClass) {
            Class<?> base = consumerClass;
            while (base != null && !"io.channels4j".equals(base.getPackageName())) {
                base = base.getSuperclass();
            }
            if (base == null) {
                throw new IllegalArgumentException(consumerClass.getName() + " is not a channels4j consumer");
            }
            boolean async = io.channels4j.AsyncWebsocketConsumer.class.isAssignableFrom(consumerClass);
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
