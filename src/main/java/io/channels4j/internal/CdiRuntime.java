package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;

/**
 * The runtime of the current CDI application ({@link ApplicationRuntime}), where CDI is present.
 * Loaded only through {@link #lookup()}, which checks for CDI first, so channels4j runs without
 * the CDI API on the class path.
 */
final class CdiRuntime {

    private static final boolean CDI_PRESENT = present("jakarta.enterprise.inject.spi.CDI");
    private static volatile Object cachedCdi;
    private static volatile ConsumerRuntime cachedRuntime;

    private CdiRuntime() {
    }

    /**
     * The runtime of the current CDI container, or {@code null} without CDI, without a layer bean,
     * or once the application has stopped.
     */
    static ConsumerRuntime lookup() {
        return CDI_PRESENT ? Lookup.find() : null;
    }

    /** Drops {@code stopped} from the cache: its application has stopped. */
    static void forget(ConsumerRuntime stopped) {
        synchronized (CdiRuntime.class) {
            if (cachedRuntime == stopped) {
                cachedRuntime = null;
                cachedCdi = null;
            }
        }
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
            ConsumerRuntime cached = cachedRuntime;
            if (cdi == cachedCdi && cached != null) {
                return cached;
            }
            if (!cdi.select(ChannelLayer.class).isResolvable()) {
                return null;
            }
            jakarta.enterprise.inject.Instance<ApplicationRuntime> applications = cdi.select(ApplicationRuntime.class);
            if (!applications.isResolvable()) {
                return null;
            }
            ConsumerRuntime found;
            try {
                found = applications.get().runtime();
            } catch (RuntimeException contextGone) {
                return null;
            }
            synchronized (CdiRuntime.class) {
                cachedCdi = cdi;
                cachedRuntime = found;
            }
            return found;
        }
    }
}
