package io.channels4j.internal;

import io.channels4j.Scope;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;

/**
 * Turns the container's view of a new session into a {@link Connection}: builds the scope from
 * the session and the captured handshake, finds the runtime, and hands back the connection the
 * consumer base class forwards the container's callbacks to.
 */
public final class SessionAdapter {

    private SessionAdapter() {
    }

    /** Creates and opens the connection of {@code consumer} on {@code session}. */
    public static void open(Object consumer, Session session, EndpointConfig config) {
        Scope scope = scope(session, config);
        ConsumerRuntime runtime = Runtimes.forSession(session);
        Connection[] self = new Connection[1];
        Transport transport = new SessionTransport(session, code -> self[0].closed(code));
        self[0] = Connection.bind(consumer, transport, runtime, scope);
        self[0].opened();
    }

    /** The close code the container reported. */
    public static int code(CloseReason reason) {
        return reason == null ? 1005 : reason.getCloseCode().getCode();
    }

    private static Scope scope(Session session, EndpointConfig config) {
        URI uri = session.getRequestURI();
        String rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
        String path = uri.getPath() == null ? rawPath : uri.getPath();
        String query = session.getQueryString() != null ? session.getQueryString()
                : uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Scope.Builder scope = Scope.builder(path).rawPath(rawPath).queryString(query)
                .user(session.getUserPrincipal());
        session.getPathParameters().forEach(scope::kwarg);
        Map<String, Object> props = config.getUserProperties();
        Object captured = props.get(HandshakeData.KEY);
        if (captured instanceof HandshakeData handshake) {
            handshake.headers().forEach((name, values) -> values.forEach(v -> scope.header(name, v)));
            scope.subprotocols(handshake.subprotocols()).httpSession(handshake.httpSession());
        } else {
            scope.handshakeCaptured(false);
        }
        scope.client(address(session, "getRemoteAddr", "getRemotePort"));
        scope.server(address(session, "getLocalAddr", "getLocalPort"));
        return scope.build();
    }

    /** Asks the container's session for an address through methods some containers (Tyrus) offer. */
    private static Scope.Address address(Session session, String hostMethod, String portMethod) {
        Object host = call(session, hostMethod);
        if (!(host instanceof String h) || h.isEmpty()) {
            return null;
        }
        Object port = call(session, portMethod);
        return new Scope.Address(h, port instanceof Integer p ? p : -1);
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException notOffered) {
            return null;
        }
    }
}
