package io.channels4j;

import io.channels4j.internal.HandshakeData;
import io.channels4j.internal.OriginChecks;
import io.channels4j.internal.OriginRefusals;
import io.channels4j.internal.Origins;
import io.channels4j.internal.OwnOrigin;
import io.channels4j.internal.Settings;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * The endpoint configurator a consumer declares so that its {@link Scope} carries what is only
 * visible during the handshake (headers, cookies, offered subprotocols, the HTTP session), and so
 * that handshakes from other sites' pages are refused (the defence against cross-site WebSocket
 * hijacking).
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
 * public class ChatConsumer extends AsyncJsonWebsocketConsumer { ... }
 * }</pre>
 *
 * <p>By default only pages of the server's own origin (the scheme, host and port the handshake
 * was addressed to) and clients that send no {@code Origin} (not browsers) may connect; the
 * {@value #ALLOWED_ORIGINS} setting, or a subclass's {@link #allowedOrigins()}, replaces that with
 * a list. Refused handshakes get HTTP 403 before any consumer exists, on Payara, WildFly and the
 * embedded server; a malformed list stops the application's start with a message naming the
 * entry. See {@code docs/security.md}.
 *
 * <p>It leaves instance creation to the container, so consumers keep CDI injection in Payara and
 * WildFly. A subclass that overrides {@code modifyHandshake} calls {@code super.modifyHandshake}.
 */
public class ConsumerConfigurator extends ServerEndpointConfig.Configurator {

    static {
        OriginChecks.register(configurator -> ((ConsumerConfigurator) configurator).allowedOrigins());
    }

    /**
     * The setting that lists the origins allowed to open a WebSocket to endpoints declaring this
     * configurator, comma-separated (MicroProfile Config, system property, or the environment
     * variable {@code CHANNELS4J_ALLOWED_ORIGINS}). Unset or blank: only the server's own origin
     * (and clients without an {@code Origin} header). {@code *}: every origin, with a warning
     * logged at start.
     */
    public static final String ALLOWED_ORIGINS = "channels4j.allowed-origins";

    /**
     * Called by the container before the upgrade: returning false makes it answer HTTP 403, before
     * any consumer is created (Tyrus does so itself; on Undertow channels4j's servlet filter does).
     * With an empty {@link #allowedOrigins()}, allows a handshake without an {@code Origin} header
     * or whose origin is the request's own (its scheme and its {@code Host} header's host and
     * port); with a list, allows the origins it matches (all of them for {@code *}) and refuses
     * requests without an {@code Origin}. A list that has become malformed since the start refuses
     * every handshake and is logged once.
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        boolean allowed;
        try {
            allowed = Origins.allowed(allowedOrigins(), originHeaderValue, OwnOrigin.current());
        } catch (IllegalArgumentException malformed) {
            OriginChecks.reportMalformedAtHandshake(getClass(), malformed);
            allowed = false;
        }
        if (!allowed) {
            OriginRefusals.refused(originHeaderValue);
        }
        return allowed;
    }

    /**
     * The origins allowed to connect: each {@code scheme://host[:port]}, {@code scheme://*.domain[:port]}
     * for every subdomain, or {@code *} for any; empty means the server's own origin only. By
     * default the {@value #ALLOWED_ORIGINS} setting, read at each handshake (and checked when the
     * application starts). Override to fix one endpoint's list; list the server's own origin too
     * if its pages connect:
     *
     * <pre>{@code
     * public class ChatOrigins extends ConsumerConfigurator {
     *     protected List<String> allowedOrigins() { return List.of("https://chat.example.com"); }
     * }
     * @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ChatOrigins.class)
     * }</pre>
     *
     * <p>The list is also read once when the application starts, from an instance made by the
     * public no-argument constructor, so that a malformed entry stops the start.
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
