package io.channels4j;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a consumer knows about its connection, captured during the handshake: the counterpart of
 * Django Channels' {@code scope}. Read-only; one per connection.
 *
 * <pre>{@code
 * String room = scope().urlRoute().kwargs().get("room_name");
 * Optional<String> token = scope().queryParam("token");
 * }</pre>
 *
 * <p>Headers, cookies, the offered subprotocols and the HTTP session are only visible during the
 * handshake, so they are captured by {@link ConsumerConfigurator}; an endpoint declared without it
 * gets a scope whose accessors for them throw an {@link IllegalStateException} saying so.
 * Client and server addresses are given where the container exposes them (Tyrus does: the
 * embedded server and Payara); elsewhere they are empty.
 */
public final class Scope {

    /** The route variables of the endpoint's path template, e.g. {@code room_name}. */
    public record UrlRoute(Map<String, String> kwargs, List<String> args) {
        /** Copies both collections, read-only. */
        public UrlRoute {
            kwargs = kwargs.size() == 1 ? Map.copyOf(kwargs) : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
            args = List.copyOf(args);
        }
    }

    /**
     * A network address as the container reports it.
     *
     * @param host the IP address or host name
     * @param port the port, or {@code -1} where the container does not tell it
     */
    public record Address(String host, int port) {
        /** Checks the host. */
        public Address {
            Objects.requireNonNull(host, "host");
        }
    }

    private final String path;
    private final String rawPath;
    private final String queryString;
    /** Parsed from the query string when first asked for. */
    private volatile Map<String, List<String>> queryParams;
    /**
     * The headers as lower-cased name, value, name, value..., grouped by name in the handshake's
     * order: a connection's scope lives as long as the connection, and one array costs a fraction
     * of a map of lists. {@link #headers()} builds that map when first asked for.
     */
    private final String[] headerPairs;
    private volatile Map<String, List<String>> headers;
    private final List<String> subprotocols;
    private final UrlRoute urlRoute;
    private final Principal user;
    private final Object httpSession;
    private final Address client;
    private final Address server;
    private final boolean handshakeCaptured;

    private Scope(Builder b) {
        this.path = b.path;
        this.rawPath = b.rawPath != null ? b.rawPath : b.path;
        this.queryString = b.queryString;
        List<String> pairs = new ArrayList<>();
        b.headers.forEach((name, values) -> values.forEach(value -> {
            pairs.add(name);
            pairs.add(value);
        }));
        this.headerPairs = pairs.toArray(new String[0]);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.urlRoute = new UrlRoute(b.kwargs, List.of());
        this.user = b.user;
        this.httpSession = b.httpSession;
        this.client = b.client;
        this.server = b.server;
        this.handshakeCaptured = b.handshakeCaptured;
    }

    /** A builder, for the test kit and for tests that construct consumers by hand. */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** Always {@code "websocket"}. */
    public String type() {
        return "websocket";
    }

    /** The handshake's HTTP method; a WebSocket handshake is always {@code "GET"}. */
    public String method() {
        return "GET";
    }

    /** The request path, percent-decoded, e.g. {@code /ws/chat/서울/}. */
    public String path() {
        return path;
    }

    /**
     * The request path as sent, still percent-encoded. Exact when the endpoint declares
     * {@link ConsumerConfigurator}; without it, some containers (Tyrus) only show the decoded path,
     * which is encoded again, so an escaped reserved character such as {@code %2F} reads as {@code /}.
     */
    public String rawPath() {
        return rawPath;
    }

    /** The raw query string without the {@code ?}, or {@code ""}. */
    public String queryString() {
        return queryString;
    }

    /** The query string parsed: each name with its values in order, read-only. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> q = queryParams;
        if (q == null) {
            q = parseQuery(queryString);
            queryParams = q;
        }
        return q;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The handshake's headers: lower-cased names, each with all its values, read-only.
     *
     * @throws IllegalStateException when the endpoint was declared without {@link ConsumerConfigurator}
     */
    public Map<String, List<String>> headers() {
        requireCaptured("headers");
        Map<String, List<String>> h = headers;
        if (h == null) {
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                grouped.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
            }
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            grouped.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
            h = Collections.unmodifiableMap(frozen);
            headers = h;
        }
        return h;
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        requireCaptured("headers");
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < headerPairs.length; i += 2) {
            if (headerPairs[i].equals(lower)) {
                return Optional.of(headerPairs[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** The cookies the client sent, by name; the first value wins when a name repeats. */
    public Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        requireCaptured("headers");
        for (int i = 0; i < headerPairs.length; i += 2) {
            if (!headerPairs[i].equals("cookie")) {
                continue;
            }
            for (String pair : headerPairs[i + 1].split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(pair.substring(0, eq).trim(), unquote(pair.substring(eq + 1).trim()));
                }
            }
        }
        return Collections.unmodifiableMap(cookies);
    }

    /** The subprotocols the client offered, in its order of preference. */
    public List<String> subprotocols() {
        requireCaptured("subprotocols");
        return subprotocols;
    }

    /** The route variables: {@code kwargs} from the endpoint's path template, {@code args} empty. */
    public UrlRoute urlRoute() {
        return urlRoute;
    }

    /** The authenticated user, or empty for an anonymous one. */
    public Optional<Principal> user() {
        return Optional.ofNullable(user);
    }

    /** Whether the container authenticated the user. */
    public boolean isAuthenticated() {
        return user != null;
    }

    /**
     * The HTTP session ({@code jakarta.servlet.http.HttpSession} in a servlet container) that the
     * handshake belonged to, or empty where there is none.
     */
    public Optional<Object> httpSession() {
        requireCaptured("httpSession");
        return Optional.ofNullable(httpSession);
    }

    /** The client's address, where the container exposes it. */
    public Optional<Address> client() {
        return Optional.ofNullable(client);
    }

    /** The server's address the client connected to, where the container exposes it. */
    public Optional<Address> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public String toString() {
        return "Scope[path=" + path + ", query=" + queryString + ", kwargs=" + urlRoute.kwargs()
                + ", user=" + (user == null ? "anonymous" : user.getName()) + "]";
    }

    private void requireCaptured(String what) {
        if (!handshakeCaptured) {
            throw new IllegalStateException(what + " are captured during the handshake only when the"
                    + " endpoint is declared with @ServerEndpoint(..., configurator = ConsumerConfigurator.class)");
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        params.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    /** Builds a {@link Scope}; used by channels4j when a connection opens and by the test kit. */
    public static final class Builder {
        private final String path;
        private String rawPath;
        private String queryString = "";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private List<String> subprotocols = List.of();
        private final Map<String, String> kwargs = new LinkedHashMap<>();
        private Principal user;
        private Object httpSession;
        private Address client;
        private Address server;
        private boolean handshakeCaptured = true;

        private Builder(String path) {
            this.path = Objects.requireNonNull(path, "path must not be null");
        }

        /** The still-encoded path (default: the path). */
        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        /** The raw query string without {@code ?}. */
        public Builder queryString(String queryString) {
            this.queryString = queryString == null ? "" : queryString;
            return this;
        }

        /** Adds a header value; the name is lower-cased. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
            return this;
        }

        /** The subprotocols the client offered. */
        public Builder subprotocols(List<String> offered) {
            this.subprotocols = List.copyOf(offered);
            return this;
        }

        /** A route variable. */
        public Builder kwarg(String name, String value) {
            kwargs.put(name, value);
            return this;
        }

        /** The authenticated user, or {@code null} for anonymous. */
        public Builder user(Principal user) {
            this.user = user;
            return this;
        }

        /** The HTTP session, or {@code null}. */
        public Builder httpSession(Object httpSession) {
            this.httpSession = httpSession;
            return this;
        }

        /** The client's address, or {@code null} when unknown. */
        public Builder client(Address client) {
            this.client = client;
            return this;
        }

        /** The server's address, or {@code null} when unknown. */
        public Builder server(Address server) {
            this.server = server;
            return this;
        }

        /** Whether headers, subprotocols and session were captured (false without the configurator). */
        public Builder handshakeCaptured(boolean captured) {
            this.handshakeCaptured = captured;
            return this;
        }

        /** The read-only scope. */
        public Scope build() {
            return new Scope(this);
        }
    }
}
