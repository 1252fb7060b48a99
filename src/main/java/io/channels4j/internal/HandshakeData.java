package io.channels4j.internal;

import jakarta.websocket.server.HandshakeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the handshake request showed, captured by the configurator and handed to the connection
 * through the per-connection user properties.
 *
 * @param headers lower-cased header names with every value
 * @param subprotocols the offered subprotocols, in the client's order
 * @param httpSession the HTTP session object, or {@code null}
 * @param rawPath the request path exactly as sent, or {@code null} where the request does not show it
 *     (the session's URI may not: Tyrus rebuilds it from the decoded path)
 * @param server the address the client connected to, where the container's request tells it
 *     (Tyrus's does), else {@code null}
 */
public record HandshakeData(Map<String, List<String>> headers, List<String> subprotocols, Object httpSession,
                            String rawPath, io.channels4j.Scope.Address server) {

    /** The user-properties key the data travels under. */
    public static final String KEY = "io.channels4j.handshake";

    /** Copies what the request shows. */
    public static HandshakeData capture(HandshakeRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values == null ? List.of() : values));
        List<String> offered = new ArrayList<>();
        for (String value : headers.getOrDefault("sec-websocket-protocol", List.of())) {
            for (String protocol : value.split(",")) {
                if (!protocol.isBlank()) {
                    offered.add(protocol.trim());
                }
            }
        }
        Object session = null;
        try {
            session = request.getHttpSession();
        } catch (RuntimeException noSessionSupport) {
            // Containers without servlet sessions may throw; the scope then has no session.
        }
        String rawPath = request.getRequestURI() == null ? null : request.getRequestURI().getRawPath();
        return new HandshakeData(headers, List.copyOf(offered), session, rawPath, serverAddress(request));
    }

    /** The server address from request methods some containers offer ({@code getServerAddr}, {@code getServerPort}). */
    private static io.channels4j.Scope.Address serverAddress(HandshakeRequest request) {
        Object host = ContainerMethods.call(request, "getServerAddr");
        if (!(host instanceof String h) || h.isEmpty()) {
            return null;   // this container does not tell; the scope's server address stays empty
        }
        Object port = ContainerMethods.call(request, "getServerPort");
        return new io.channels4j.Scope.Address(h, port instanceof Integer p ? p : -1);
    }
}
