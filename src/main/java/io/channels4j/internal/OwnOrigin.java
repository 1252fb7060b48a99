package io.channels4j.internal;

/**
 * The origin a handshake request on this thread was addressed to: the request's scheme with the
 * host and port of its {@code Host} header. {@code Configurator.checkOrigin} sees only the
 * {@code Origin} header, so the code that sees the whole request (the embedded server's engine,
 * {@link OwnOriginListener} in a servlet container) notes it here first, on the same thread.
 * Forwarding headers ({@code X-Forwarded-Proto}, {@code Forwarded}) are not read: a client could
 * send them.
 */
public final class OwnOrigin {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private OwnOrigin() {
    }

    /**
     * Notes the origin of this thread's request.
     *
     * @param scheme {@code http} or {@code https}, as the connection was made
     * @param hostHeader the {@code Host} header ({@code host[:port]}), or null when the request has none
     */
    public static void set(String scheme, String hostHeader) {
        if (scheme == null || hostHeader == null || hostHeader.isBlank()) {
            CURRENT.remove();
        } else {
            CURRENT.set(scheme + "://" + hostHeader.trim());
        }
    }

    /** Forgets this thread's request. */
    public static void clear() {
        CURRENT.remove();
    }

    /** {@code scheme://host[:port]} of this thread's request, or null when none was noted. */
    public static String current() {
        return CURRENT.get();
    }
}
