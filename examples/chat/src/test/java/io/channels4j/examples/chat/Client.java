package io.channels4j.examples.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A chat client over a real socket (the JDK's WebSocket) that sorts the frames it receives:
 * chat messages, error frames, notifications and layer status frames ({@code {"status": ...}})
 * each have their own queue.
 */
final class Client implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private Client(URI uri) {
        socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).orTimeout(5, TimeUnit.SECONDS).join();
    }

    static Client connect(URI uri) {
        return new Client(uri);
    }

    /**
     * Connects to a chat endpoint and waits for the first notification, which the consumer sends
     * after it has joined the room: from then on the client gets every message of the room.
     */
    static Client joined(URI uri) {
        Client client = new Client(uri);
        client.nextNotification();
        return client;
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    String nextMessage() {
        return next(messages, "a chat message");
    }

    String nextError() {
        return next(errors, "an error frame");
    }

    String nextNotification() {
        return next(notifications, "a notification");
    }

    /** The next {@code {"status": ...}} frame, waiting up to {@code wait}. */
    String nextStatus(Duration wait) {
        return next(statuses, "a status frame", wait);
    }

    /** The next chat message, waiting up to {@code wait}. */
    String nextMessage(Duration wait) {
        return next(messages, "a chat message", wait);
    }

    /** The next error frame if one has arrived, else null; does not wait. */
    String pollError() {
        return errors.poll();
    }

    /** The next chat message, waiting up to {@code wait}; null if none came. */
    String pollMessage(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether no status frame has arrived (or all were taken). */
    boolean noStatus() {
        return statuses.isEmpty();
    }

    /** The close code, once the connection has closed; else empty. */
    java.util.Optional<Integer> closeCode() {
        return closed.isDone() ? java.util.Optional.of(closed.join()) : java.util.Optional.empty();
    }

    boolean noMessageWithin(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    int awaitClose() {
        try {
            return closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within 5 s", e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        socket.abort();
    }

    private String next(BlockingQueue<String> queue, String what) {
        return next(queue, what, Duration.ofSeconds(5));
    }

    private String next(BlockingQueue<String> queue, String what, Duration wait) {
        try {
            String frame = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no " + what + " within " + wait.toMillis() + " ms" + (closed.isDone()
                        ? "; closed with " + closed.join() : "") + "; other frames: " + messages + errors
                        + notifications + statuses);
            }
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"notify\"")) {
                    notifications.add(frame);
                } else if (frame.startsWith("{\"error\"")) {
                    errors.add(frame);
                } else if (frame.startsWith("{\"status\"")) {
                    statuses.add(frame);
                } else {
                    messages.add(frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
