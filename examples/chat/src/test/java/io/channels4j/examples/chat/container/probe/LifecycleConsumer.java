package io.channels4j.examples.chat.container.probe;

import io.channels4j.ConsumerConfigurator;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/** Echoes text and binary frames; its connections share the group {@code lifecycle}. */
@ServerEndpoint(value = "/ws/lifecycle/{name}/", configurator = ConsumerConfigurator.class)
public class LifecycleConsumer extends RecordingConsumer {

    @Override
    protected List<String> groups() {
        return List.of("lifecycle");
    }

    @Override
    protected void joined() {
        send("joined " + name());
    }

    @Override
    protected void receive(String text) {
        send("echo " + text);
    }

    @Override
    protected void receive(byte[] bytes) {
        send(bytes);
    }
}
