package io.channels4j;

import io.channels4j.internal.ConsumerBinding;
import io.channels4j.internal.Json;
import jakarta.json.bind.Jsonb;

/**
 * A synchronous consumer that speaks JSON: each text frame is decoded and handed to
 * {@link #receiveJson(Object)} (objects arrive as {@code Map<String, Object>}, arrays as
 * {@code List}, numbers as {@code BigDecimal}), and {@link #sendJson(Object)} encodes through
 * JSON-B. Undecodable text closes the connection with 1007, a binary frame with 1003; override
 * {@link #decodeJson(String)} or {@link #receive(byte[])} to answer otherwise.
 */
public abstract class JsonWebsocketConsumer extends WebsocketConsumer {

    static {
        ConsumerBinding.registerLike(JsonWebsocketConsumer.class);
    }


    /** Decodes the frame and calls {@link #receiveJson(Object)}. */
    @Override
    protected void receive(String text) {
        receiveJson(decodeJson(text));
    }

    /**
     * Refuses binary frames: throws an {@link InvalidFrameException}, which closes with 1003.
     */
    @Override
    protected void receive(byte[] bytes) {
        throw Json.binaryFrame();
    }

    /** Called with each decoded frame. */
    protected void receiveJson(Object content) {
    }

    /** Encodes {@code content} and sends it as a text frame. */
    protected final void sendJson(Object content) {
        send(encodeJson(content));
    }

    /** Encodes {@code content}, sends it, then closes with 1000 when {@code close} is true. */
    protected final void sendJson(Object content, boolean close) {
        send(encodeJson(content), close);
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
