package io.channels4j;

import io.channels4j.internal.HandshakeData;
import io.channels4j.internal.OriginRefusals;
import io.channels4j.internal.Origins;
import io.channels4j.internal.Settings;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * The endpoint configurator a consumer declares so that its {@link Scope} carries what is only
 * visible during the handshake (headers, cookies, offered subprotocols, the HTTP session), and so
 * that handshakes from origins it does not allow are refused.
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
 * public class ChatConsumer extends AsyncJsonWebsocketConsumer { ... }
 * }</pre>
 *
 * <p>It leaves instance creation to the container, so consumers keep CDI injection in Payara and
 * WildFly. Subclass it to give one endpoint its own {@link #allowedOrigins()}; a subclass that
 * overrides {@code modifyHandshake} calls {@code super.modifyHandshake}.
 */
public class ConsumerConfigurator extends ServerEndpointConfig.Configurator {

    /**
     * The setting that lists the origins allowed to open a WebSocket to endpoints declaring this
     * configurator, comma-separated (MicroProfile Config, system property, or the environment
     * variable {@code CHANNELS4J_ALLOWED_ORIGINS}). Unset: every origin is allowed.
     */
    public static final String ALLOWED_ORIGINS = "channels4j.allowed-origins";

    /**
     * Called by the container before the upgrade: returning false makes it answer HTTP 403, before
     * any consumer is created (Tyrus does so itself; on Undertow channels4j's servlet filter does). Allows the handshake when {@link #allowedOrigins()} is empty, or
     * holds {@code *}, or holds the request's origin; a request without an {@code Origin} header
     * (a non-browser client) is refused once a list is set, unless it holds {@code *}.
     *
     * @throws IllegalArgumentException when an allowed origin is malformed, naming it
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        boolean allowed = Origins.allowed(allowedOrigins(), originHeaderValue);
        if (!allowed) {
            OriginRefusals.refused(originHeaderValue);
        }
        return allowed;
    }

    /**
     * The origins allowed to connect: each {@code scheme://host[:port]}, {@code scheme://*.domain[:port]}
     * for every subdomain, or {@code *} for any; empty allows every origin. By default the
     * {@value #ALLOWED_ORIGINS} setting, read at each handshake. Override to fix one endpoint's list:
     *
     * <pre>{@code
     * public class ChatOrigins extends ConsumerConfigurator {
     *     protected List<String> allowedOrigins() { return List.of("https://chat.example.com"); }
     * }
     * @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ChatOrigins.class)
     * }</pre>
     */
    protected List<String> allowedOrigins() {
        return Settings.property(ALLOWED_ORIGINS).map(Origins::parseList).orElse(List.of());
    }

    /** Captures the handshake for the connection's scope. */
    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(sec, request, response);
        sec.getUserProperties().put(HandshakeData.KEY, HandshakeData.capture(request));
    }
}
