package io.channels4j.examples.chat.container.origins;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/** An endpoint whose own list of allowed origins has an entry that is no origin: its application must not start. */
@ServerEndpoint(value = "/ws/malformed-origins/", configurator = MalformedOriginsConsumer.Origins.class)
public class MalformedOriginsConsumer extends WebsocketConsumer {

    /** The list, with a host where an origin belongs. */
    public static class Origins extends ConsumerConfigurator {
        @Override
        protected List<String> allowedOrigins() {
            return List.of("https://chat.example.com", "partner.example.com");
        }
    }
}
