package io.channels4j.internal;

/**
 * Remembers, for the request thread, the origin that {@code ConsumerConfigurator.checkOrigin} has
 * just refused, so that {@link OriginRefusalFilter} can answer 403 where the container does not
 * (Undertow lets a refused handshake fall through to the servlets, which answer 404).
 */
public final class OriginRefusals {

    private static final ThreadLocal<String> REFUSED = new ThreadLocal<>();

    private OriginRefusals() {
    }

    /** Notes that this thread's handshake was refused for {@code origin} (null: no Origin header). */
    public static void refused(String origin) {
        REFUSED.set(origin == null ? "" : origin);
    }

    /** The origin refused on this thread since the last call (null when none; "" for no header), and forgets it. */
    static String take() {
        String origin = REFUSED.get();
        REFUSED.remove();
        return origin;
    }
}
