package io.channels4j.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Matches a handshake's {@code Origin} header against a list of allowed origins, as Django
 * Channels' {@code OriginValidator} does, or, with no list, against the request's own origin, as
 * its {@code AllowedHostsOriginValidator} and Spring's same-origin default do. An entry is
 * {@code scheme://host[:port]}, or {@code scheme://*.domain[:port]} for every subdomain of
 * {@code domain}, or {@code *} for any origin. Scheme and host compare without case; a default
 * port (80 for http/ws, 443 for https/wss) may be written or left out.
 */
public final class Origins {

    /** What an entry must look like, for error messages. */
    static final String RULE = "an allowed origin must be 'scheme://host[:port]', 'scheme://*.domain[:port]' or '*'";

    private Origins() {
    }

    /**
     * Whether a handshake with {@code origin} (null when the request has no {@code Origin} header)
     * may proceed. A list holding {@code *} allows everything. An empty list allows requests
     * without an origin and those whose origin is {@code ownOrigin} (same scheme, host and port).
     * Any other list allows exactly the origins it matches; a missing origin is then refused.
     *
     * @param ownOrigin the origin the request was addressed to ({@link OwnOrigin}), or null when
     *     unknown (then only requests without an origin pass an empty list)
     * @throws IllegalArgumentException when an entry is not an origin, naming it
     */
    public static boolean allowed(Collection<String> allowedOrigins, String origin, String ownOrigin) {
        requireValid(allowedOrigins);
        if (allowedOrigins.contains("*")) {
            return true;
        }
        Origin actual = origin == null ? null : parse(origin.trim());
        if (allowedOrigins.isEmpty()) {
            Origin own = ownOrigin == null ? null : parse(ownOrigin);
            return origin == null || actual != null && actual.equals(own);
        }
        boolean match = false;
        for (String entry : allowedOrigins) {
            match |= actual != null && parse(entry.trim()).matches(actual);
        }
        return match;
    }

    /**
     * Checks that every entry is an origin or {@code *}.
     *
     * @throws IllegalArgumentException naming the first entry that is not, and the rule
     */
    public static void requireValid(Collection<String> allowedOrigins) {
        for (String entry : allowedOrigins) {
            if (entry == null || !entry.trim().equals("*") && parse(entry.trim()) == null) {
                throw new IllegalArgumentException(RULE + ", got '" + entry + "'");
            }
        }
    }

    /** Splits a comma-separated list of origins, dropping blanks. */
    public static List<String> parseList(String commaSeparated) {
        List<String> entries = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return List.copyOf(entries);
    }

    private record Origin(String scheme, String host, int port) {
        boolean matches(Origin actual) {
            if (!scheme.equals(actual.scheme) || port != actual.port) {
                return false;
            }
            if (host.startsWith("*.")) {
                return actual.host.endsWith(host.substring(1)) && actual.host.length() > host.length() - 1;
            }
            return host.equals(actual.host);
        }
    }

    /** The origin {@code value} names, or null when it is none ({@code null}, a path, no scheme). */
    private static Origin parse(String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme();
            String authority = uri.getRawAuthority();
            if (scheme == null || authority == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || authority.contains("@")) {
                return null;
            }
            String host = authority;
            int port = -1;
            int colon = authority.lastIndexOf(':');
            if (colon > authority.lastIndexOf(']')) {
                host = authority.substring(0, colon);
                port = Integer.parseInt(authority.substring(colon + 1));
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (port == -1) {
                port = defaultPort(scheme);
            }
            return host.isEmpty() ? null : new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
        } catch (URISyntaxException | NumberFormatException notAnOrigin) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }
}
