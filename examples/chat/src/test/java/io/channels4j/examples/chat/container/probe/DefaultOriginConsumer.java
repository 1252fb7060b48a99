package io.channels4j.examples.chat.container.probe;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.concurrent.atomic.AtomicInteger;

/** Checked by the plain configurator (the application's setting, or the default); counts its instances. */
@ServerEndpoint(value = "/ws/default-origin/", configurator = ConsumerConfigurator.class)
public class DefaultOriginConsumer extends WebsocketConsumer {

    /** Instances created (constructor runs), to show a refused handshake creates none. */
    static final AtomicInteger CREATED = new AtomicInteger();

    public DefaultOriginConsumer() {
        CREATED.incrementAndGet();
    }

    @Override
    protected void connect() {
        accept();
        send("welcome");
    }
}
