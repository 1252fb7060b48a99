package io.channels4j;

import io.channels4j.internal.ConsumerBinding;
import io.channels4j.internal.Json;
import jakarta.json.bind.Jsonb;
import java.util.concurrent.CompletionStage;

/**
 * An asynchronous consumer that speaks JSON: each text frame is decoded and handed to
 * {@link #receiveJson(Object)} (objects arrive as {@code Map<String, Object>}, arrays as
 * {@code List}, numbers as {@code BigDecimal}), and {@link #sendJson(Object)} encodes through
 * JSON-B. Undecodable text closes the connection with 1007, a binary frame with 1003; override
 * {@link #decodeJson(String)} or {@link #receive(byte[])} to answer otherwise.
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
 * public class ChatConsumer extends AsyncJsonWebsocketConsumer {
 *     private String group;
 *     protected CompletionStage<Void> connect() {
 *         group = "chat_" + scope().urlRoute().kwargs().get("room_name");
 *         return groupAdd(group).thenCompose(v -> accept());
 *     }
 *     protected CompletionStage<Void> receiveJson(Object content) {
 *         Object message = ((Map<?, ?>) content).get("message");
 *         return groupSend(group, Map.of("type", "chat.message", "message", message)).thenApply(r -> null);
 *     }
 *     CompletionStage<Void> chat_message(Map<String, Object> event) {
 *         return sendJson(Map.of("message", event.get("message")));
 *     }
 * }
 * }</pre>
 */
public abstract class AsyncJsonWebsocketConsumer extends AsyncWebsocketConsumer {

    static {
        ConsumerBinding.registerLike(AsyncJsonWebsocketConsumer.class);
    }


    /** Decodes the frame and calls {@link #receiveJson(Object)}. */
    @Override
    protected CompletionStage<Void> receive(String text) {
        return receiveJson(decodeJson(text));
    }

    /** Refuses binary frames: fails with an {@link InvalidFrameException}, which closes with 1003. */
    @Override
    protected CompletionStage<Void> receive(byte[] bytes) {
        throw Json.binaryFrame();
    }

    /** Called with each decoded frame. */
    protected CompletionStage<Void> receiveJson(Object content) {
        return done();
    }

    /** Encodes {@code content} and queues it as a text frame. */
    protected final CompletionStage<Void> sendJson(Object content) {
        return send(encodeJson(content));
    }

    /** Encodes {@code content}, queues it, then closes with 1000 when {@code close} is true. */
    protected final CompletionStage<Void> sendJson(Object content, boolean close) {
        return send(encodeJson(content), close);
    }

    /**
     * Decodes a text frame.
     *
     * @throws InvalidFrameException with close code 1007 when the text is not JSON
     */
    protected Object decodeJson(String text) {
        return Json.decode(jsonb(), text, jsonLimits());
    }

    /** Encodes a value as JSON text. */
    protected String encodeJson(Object content) {
        return Json.encode(jsonb(), content);
    }

    /** The JSON-B instance used by {@link #decodeJson} and {@link #encodeJson}; override to configure it. */
    protected Jsonb jsonb() {
        return Json.shared();
    }
}
