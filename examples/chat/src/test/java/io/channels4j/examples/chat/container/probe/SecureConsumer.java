package io.channels4j.examples.chat.container.probe;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Behind the deployment's security constraint (web.xml: {@code /ws/secure/*} needs role
 * {@code chat-user}), so the container refuses anonymous handshakes with HTTP 401; greets the user.
 */
@ServerEndpoint(value = "/ws/secure/", configurator = ConsumerConfigurator.class)
public class SecureConsumer extends WebsocketConsumer {

    @Override
    protected void connect() {
        accept();
        send("hello " + scope().user().map(java.security.Principal::getName).orElse("nobody"));
    }
}
