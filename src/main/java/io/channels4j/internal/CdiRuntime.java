package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;

/**
 * The runtime around the CDI container's {@link ChannelLayer} bean, where CDI is present.
 * Loaded only through {@link #lookup()}, which checks for CDI first, so channels4j runs without
 * the CDI API on the class path.
 */
final class CdiRuntime {

    private static final boolean CDI_PRESENT = present("jakarta.enterprise.inject.spi.CDI");
    private static volatile Object cachedCdi;
    private static volatile ConsumerRuntime cachedRuntime;

    private CdiRuntime() {
    }

    /** The runtime of the current CDI container, or {@code null} without CDI or without a layer bean. */
    static ConsumerRuntime lookup() {
        return CDI_PRESENT ? Lookup.find() : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CdiRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** Touches CDI types; only loaded when CDI is on the class path. */
    private static final class Lookup {
        static ConsumerRuntime find() {
            jakarta.enterprise.inject.spi.CDI<Object> cdi;
            try {
                cdi = jakarta.enterprise.inject.spi.CDI.current();
            } catch (IllegalStateException noContainer) {
                return null;
            }
            if (cdi == cachedCdi && cachedRuntime != null) {
                return cachedRuntime;
            }
            jakarta.enterprise.inject.Instance<ChannelLayer> layers = cdi.select(ChannelLayer.class);
            if (!layers.isResolvable()) {
                return null;
            }
            synchronized (CdiRuntime.class) {
                if (cdi != cachedCdi || cachedRuntime == null) {
                    cachedRuntime = ConsumerRuntime.of(layers.get());
                    cachedCdi = cdi;
                }
                return cachedRuntime;
            }
        }
    }
}
