package io.channels4j.examples.chat;

import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * A chat client that reads the chat's frames by kind: chat messages, error frames
 * ({@code {"error": ...}}), notifications ({@code {"notify": ...}}) and layer status frames
 * ({@code {"status": ...}}). It is the test kit's {@link WebsocketClient} underneath: reading one
 * kind leaves the frames of the other kinds unread, in their order.
 */
final class Client implements AutoCloseable {

    /** The kinds of frame the chat sends, told apart by their first key. */
    private enum Kind {
        ERROR("error frame"), NOTIFICATION("notification"), STATUS("status frame"), MESSAGE("chat message");

        private final String described;

        Kind(String described) {
            this.described = described;
        }

        static Kind of(String frame) {
            if (frame.startsWith("{\"notify\"")) {
                return NOTIFICATION;
            }
            if (frame.startsWith("{\"error\"")) {
                return ERROR;
            }
            return frame.startsWith("{\"status\"") ? STATUS : MESSAGE;
        }

        Predicate<String> frames() {
            return frame -> of(frame) == this;
        }
    }

    private final WebsocketClient socket;

    private Client(WebsocketClient socket) {
        this.socket = socket;
    }

    static Client connect(URI uri) {
        return new Client(WebsocketClient.connect(uri));
    }

    /**
     * Connects to a chat endpoint and waits for the first notification, which the consumer sends
     * after it has joined the room: from then on the client gets every message of the room.
     */
    static Client joined(URI uri) {
        Client client = connect(uri);
        client.nextNotification();
        return client;
    }

    void send(String text) {
        socket.send(text);
    }

    String nextMessage() {
        return next(Kind.MESSAGE, WebsocketClient.DEFAULT_TIMEOUT);
    }

    /** The next chat message, waiting up to {@code wait}. */
    String nextMessage(Duration wait) {
        return next(Kind.MESSAGE, wait);
    }

    String nextError() {
        return next(Kind.ERROR, WebsocketClient.DEFAULT_TIMEOUT);
    }

    String nextNotification() {
        return next(Kind.NOTIFICATION, WebsocketClient.DEFAULT_TIMEOUT);
    }

    /** The next {@code {"status": ...}} frame, waiting up to {@code wait}. */
    String nextStatus(Duration wait) {
        return next(Kind.STATUS, wait);
    }

    /** The next error frame if one has arrived, else null; does not wait. */
    String pollError() {
        return socket.pollTextMatching(Kind.ERROR.frames(), Duration.ZERO).orElse(null);
    }

    /** The next chat message, waiting up to {@code wait}; null if none came. */
    String pollMessage(Duration wait) {
        return socket.pollTextMatching(Kind.MESSAGE.frames(), wait).orElse(null);
    }

    /** Whether no status frame has arrived (or all were taken); does not wait. */
    boolean noStatus() {
        return socket.pollTextMatching(Kind.STATUS.frames(), Duration.ZERO).isEmpty();
    }

    /** Whether no chat message arrives within {@code wait} (one that does is taken). */
    boolean noMessageWithin(Duration wait) {
        return pollMessage(wait) == null;
    }

    /** The close code, once the connection has closed; else empty. */
    OptionalInt closeCode() {
        return socket.closeCode();
    }

    /** The server's close code, waiting up to 5 s. */
    int awaitClose() {
        return socket.awaitClose();
    }

    @Override
    public void close() {
        socket.close();
    }

    private String next(Kind kind, Duration wait) {
        try {
            return socket.receiveTextMatching(kind.frames(), wait);
        } catch (AssertionError e) {
            throw new AssertionError("no " + kind.described + ": " + e.getMessage(), e);
        }
    }
}
