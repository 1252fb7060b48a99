package io.channels4j.internal;

import io.channels4j.Scope;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the container's view of a new session into a {@link Connection}: builds the scope from
 * the session and the captured handshake, finds the runtime, and hands back the connection the
 * consumer base class forwards the container's callbacks to.
 */
public final class SessionAdapter {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^/{}]+)}");
    /** Each endpoint path's template variables, parsed once (a handshake asks on every connection). */
    private static final Map<String, Set<String>> VARIABLES = new ConcurrentHashMap<>();

    private SessionAdapter() {
    }

    /** Creates and opens the connection of {@code consumer} on {@code session}. */
    public static void open(Object consumer, Session session, EndpointConfig config) {
        skipTyrusIdleTimer(session);
        Scope scope = scope(session, config);
        ConsumerRuntime runtime = Runtimes.forSession(session);
        Connection[] self = new Connection[1];
        Transport transport = new SessionTransport(session, code -> self[0].closed(code));
        self[0] = Connection.bind(consumer, transport, runtime, scope);
        self[0].opened();
    }

    /**
     * Tyrus (the embedded server, Payara) treats an idle timeout of 0, "never", by scheduling a
     * no-op timer task on every frame read or written: a thread wake-up per frame. A negative
     * timeout means "never" as well (Jakarta WebSocket) and skips the timer. Other containers
     * are left alone, as is any timeout the application or the container configured.
     */
    private static void skipTyrusIdleTimer(Session session) {
        if (session.getMaxIdleTimeout() == 0 && session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            session.setMaxIdleTimeout(-1);
        }
    }

    /** The close code the container reported. */
    public static int code(CloseReason reason) {
        return reason == null ? ErrorPolicy.noStatus() : reason.getCloseCode().getCode();
    }

    private static Scope scope(Session session, EndpointConfig config) {
        URI uri = session.getRequestURI();
        Object captured = config.getUserProperties().get(HandshakeData.KEY);
        forget(config);
        HandshakeData handshake = captured instanceof HandshakeData h ? h : null;
        String rawPath = rawPath(uri, handshake);
        String path = uri.getPath() == null ? rawPath : uri.getPath();
        String query = session.getQueryString() != null ? session.getQueryString()
                : uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Scope.Builder scope = Scope.builder(path).rawPath(rawPath).queryString(query)
                .user(session.getUserPrincipal());
        Set<String> variables = templateVariables(config);
        session.getPathParameters().forEach((name, value) -> {
            if (variables == null || variables.contains(name)) {
                scope.kwarg(name, value);
            }
        });
        if (handshake != null) {
            handshake.headers().forEach((name, values) -> values.forEach(v -> scope.header(name, v)));
            scope.subprotocols(handshake.subprotocols()).httpSession(handshake.httpSession());
        } else {
            scope.handshakeCaptured(false);
        }
        scope.client(address(session, "getRemoteAddr", "getRemotePort"));
        Scope.Address server = handshake != null && handshake.server() != null ? handshake.server()
                : address(session, "getLocalAddr", "getLocalPort");
        scope.server(server);
        return scope.build();
    }

    /**
     * Drops the captured handshake from the connection's user properties once the scope has copied
     * it: they live as long as the connection, and the copy is all that is needed.
     */
    private static void forget(EndpointConfig config) {
        try {
            config.getUserProperties().remove(HandshakeData.KEY);
        } catch (UnsupportedOperationException readOnly) {
            // a container whose properties are read-only keeps it; nothing else changes
        }
    }

    /**
     * The path as the client sent it. Tyrus rebuilds the session's URI from the decoded path, which
     * leaves non-ASCII characters unescaped and loses escapes such as {@code %2F}; the handshake
     * request still has the original, captured by the configurator. Without it, the decoded path
     * is escaped again (non-ASCII as UTF-8), which matches what browsers send.
     */
    private static String rawPath(URI uri, HandshakeData handshake) {
        if (handshake != null && handshake.rawPath() != null) {
            return handshake.rawPath();
        }
        String raw = URI.create(uri.toASCIIString()).getRawPath();
        return raw == null ? "/" : raw;
    }

    /**
     * The variable names of the endpoint's path template, or null where the config has none. Some
     * containers (Tyrus) put query parameters among the path parameters; only these are route kwargs.
     */
    private static Set<String> templateVariables(EndpointConfig config) {
        if (!(config instanceof ServerEndpointConfig server) || server.getPath() == null) {
            return null;
        }
        return VARIABLES.computeIfAbsent(server.getPath(), path -> {
            Set<String> names = new HashSet<>();
            Matcher m = TEMPLATE_VARIABLE.matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return Set.copyOf(names);
        });
    }

    /** Asks the container's session for an address through methods some containers (Tyrus) offer. */
    private static Scope.Address address(Session session, String hostMethod, String portMethod) {
        Object host = ContainerMethods.call(session, hostMethod);
        if (!(host instanceof String h) || h.isEmpty()) {
            return null;
        }
        Object port = ContainerMethods.call(session, portMethod);
        return new Scope.Address(h, port instanceof Integer p ? p : -1);
    }
}
