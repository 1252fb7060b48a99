package io.channels4j.support;

import io.channels4j.AsyncJsonWebsocketConsumer;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The chat consumer of Django Channels' tutorial, in Java, for the tests that need a chat room: it
 * joins the group {@code chat_<room_name>} (the route's {@code room_name}), relays each
 * {@code {"message": ...}} frame to that group as a {@code chat.message} event, and sends each such
 * event on to its client as {@code {"message": ...}}.
 *
 * <p>A subclass is the endpoint: it declares {@code @ServerEndpoint} with a path that has
 * {@code {room_name}} and {@code configurator = ConsumerConfigurator.class}, and may tell its client
 * that it has joined ({@link #joined()}).
 */
public abstract class TutorialChat extends AsyncJsonWebsocketConsumer {

    private String group;

    @Override
    protected CompletionStage<Void> connect() {
        group = "chat_" + scope().urlRoute().kwargs().get("room_name");
        return groupAdd(group).thenCompose(v -> accept()).thenCompose(v -> joined());
    }

    /**
     * Runs once the consumer is in its room's group and has accepted; sends nothing by default. A
     * client may count as connected before {@code connect()} ran, so a test that must not speak
     * before the consumer is in the room has it send a frame here and waits for that frame.
     */
    protected CompletionStage<Void> joined() {
        return done();
    }

    /** The group of this consumer's room, {@code chat_<room_name>}; set in {@code connect()}. */
    protected final String roomGroup() {
        return group;
    }

    @Override
    protected CompletionStage<Void> receiveJson(Object content) {
        Object message = ((Map<?, ?>) content).get("message");
        return groupSend(group, Map.of("type", "chat.message", "message", message)).thenApply(r -> null);
    }

    /** The handler of {@code chat.message}: sends the event's message to this consumer's client. */
    protected CompletionStage<Void> chat_message(Map<String, Object> event) {
        return sendJson(Map.of("message", event.get("message")));
    }
}
