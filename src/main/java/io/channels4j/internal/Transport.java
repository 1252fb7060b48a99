package io.channels4j.internal;

import java.util.function.Consumer;

/**
 * Where a connection's frames go: the container's session, or the test kit's recorder. Every
 * method returns at once; the outcome of a write arrives through its callback.
 */
public interface Transport {

    /** Writes a text frame; {@code done} gets {@code null} or the failure. */
    void sendText(String text, Consumer<Throwable> done);

    /** Writes a binary frame; {@code done} gets {@code null} or the failure. */
    void sendBinary(byte[] data, Consumer<Throwable> done);

    /** Sends a close frame with {@code code} and {@code reason}, then closes the connection. */
    void close(int code, String reason);

    /** Told when the consumer accepted; the container has nothing to do, the test kit records it. */
    default void accepted() {
    }

    /** The subprotocol agreed during the handshake, or {@code ""}. */
    String negotiatedSubprotocol();
}
