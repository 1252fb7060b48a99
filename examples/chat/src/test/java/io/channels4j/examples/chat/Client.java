package io.channels4j.examples.chat;

import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A chat client that reads the chat's frames by kind: chat messages, error frames
 * ({@code {"error": ...}}), layer status frames ({@code {"status": ...}}), the join probes of
 * {@link #joined} and, on the notifications socket, notifications ({@code {"notify": ...}}). It
 * is the test kit's {@link WebsocketClient} underneath: reading one kind leaves the frames of the
 * other kinds unread, in their order.
 */
final class Client implements AutoCloseable {

    /** How the text of a join probe starts; no test sends a chat message starting so. */
    private static final String PROBE = "join probe ";
    private static final AtomicInteger PROBES = new AtomicInteger();

    /** The kinds of frame the chat sends, told apart by their first key. */
    private enum Kind {
        ERROR("error frame"), NOTIFICATION("notification"), STATUS("status frame"), PROBE("join probe"),
        MESSAGE("chat message");

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
            if (frame.startsWith("{\"message\":\"" + Client.PROBE)) {
                return PROBE;
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
     * Connects to a chat room and waits until its consumer is in the room: the handshake completes
     * before {@code connect()} has joined the room's group, and the room protocol has no "joined"
     * frame, so the client sends a join probe (a chat message of its own) and waits for its echo,
     * which the consumer can only send once it is in the group. From then on the client gets every
     * message of the room. The room's other clients get the probe too; reading by kind skips it.
     */
    static Client joined(URI uri) {
        Client client = connect(uri);
        String probe = "{\"message\":\"" + PROBE + PROBES.incrementAndGet() + "\"}";
        client.send(probe);
        try {
            client.socket.receiveTextMatching(probe::equals, WebsocketClient.DEFAULT_TIMEOUT);
        } catch (AssertionError e) {
            client.close();
            throw new AssertionError("the join probe did not come back: " + e.getMessage(), e);
        }
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

    /** The next frame of any kind, join probes included, in arrival order. */
    String nextFrame() {
        return socket.receiveText();
    }

    /** Fails if a frame or the close arrived and was not read ({@link WebsocketClient#assertNothingLeftOver}). */
    void assertNothingLeftOver() {
        socket.assertNothingLeftOver();
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
