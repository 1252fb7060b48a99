package io.channels4j;

import io.channels4j.internal.HandshakeData;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The endpoint configurator a consumer declares so that its {@link Scope} carries what is only
 * visible during the handshake: headers, cookies, offered subprotocols and the HTTP session.
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
 * public class ChatConsumer extends AsyncJsonWebsocketConsumer { ... }
 * }</pre>
 *
 * <p>It leaves instance creation to the container, so consumers keep CDI injection in Payara and
 * WildFly. Subclass it to add an origin check ({@code checkOrigin}); call {@code super} in
 * {@code modifyHandshake}.
 */
public class ConsumerConfigurator extends ServerEndpointConfig.Configurator {

    /** Captures the handshake for the connection's scope. */
    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(sec, request, response);
        sec.getUserProperties().put(HandshakeData.KEY, HandshakeData.capture(request));
    }
}
