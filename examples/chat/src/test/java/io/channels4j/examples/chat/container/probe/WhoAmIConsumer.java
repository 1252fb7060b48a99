package io.channels4j.examples.chat.container.probe;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Not behind a constraint: the consumer itself denies anonymous users with 4401 (the documented
 * application-level "login required"), and greets authenticated ones.
 */
@ServerEndpoint(value = "/ws/whoami/", configurator = ConsumerConfigurator.class)
public class WhoAmIConsumer extends WebsocketConsumer {

    /** The close code for "authentication required". */
    public static final int LOGIN_REQUIRED = 4401;

    @Override
    protected void connect() {
        if (!scope().isAuthenticated()) {
            close(LOGIN_REQUIRED, "login required");
            return;
        }
        accept();
        send("you are " + scope().user().orElseThrow().getName());
    }
}
