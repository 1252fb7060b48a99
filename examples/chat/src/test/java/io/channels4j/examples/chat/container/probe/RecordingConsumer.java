package io.channels4j.examples.chat.container.probe;

import io.channels4j.WebsocketConsumer;

/**
 * The middle of a two-level consumer hierarchy (consumer base class, this, the endpoint): records
 * connect and disconnect, so the lifecycle wiring inherited from the base class is checked through
 * one more level. Declares no lifecycle annotations of its own.
 */
public abstract class RecordingConsumer extends WebsocketConsumer {

    /** The name this connection reports under: the route variable {@code name}. */
    protected String name() {
        return scope().urlRoute().kwargs().getOrDefault("name", "?");
    }

    @Override
    protected void connect() {
        ProbeLog.mirrorTo(scope().queryParam("log").orElse(null));
        ProbeLog.add("connect " + name());
        accept();
        joined();
    }

    /** Called after accept; the endpoint says hello here. */
    protected abstract void joined();

    @Override
    protected void disconnect(int code) {
        ProbeLog.add("disconnect " + name() + " " + code);
    }
}
