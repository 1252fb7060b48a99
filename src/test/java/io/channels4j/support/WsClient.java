package io.channels4j.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) for tests: records frames and the close code it receives. */
public final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason = "";
    private volatile int closeReply;
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    private WsClient(URI uri, List<String> subprotocols, Map<String, List<String>> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code uri}. */
    public static WsClient connect(URI uri) {
        return new WsClient(uri, List.of(), Map.of());
    }

    /** Connects offering {@code subprotocols} and sending {@code headers}. */
    public static WsClient connect(URI uri, List<String> subprotocols, Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new WsClient(uri, subprotocols, multi);
    }

    /** Connects sending each header with all its values, as separate header lines. */
    public static WsClient connectWithHeaderLines(URI uri, Map<String, List<String>> headers) {
        return new WsClient(uri, List.of(), headers);
    }

    /** The subprotocol the server agreed. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    public void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next text frame, waiting up to 5 s; fails the test otherwise. */
    public String receive() {
        return receive(Duration.ofSeconds(5));
    }

    /** The next text frame, waiting up to {@code wait}; fails the test otherwise. */
    public String receive(Duration wait) {
        Object frame = next(wait);
        if (!(frame instanceof String text)) {
            throw new AssertionError("expected a text frame, got " + describe(frame));
        }
        return text;
    }

    /** The next binary frame, waiting up to 5 s. */
    public byte[] receiveBytes() {
        Object frame = next(Duration.ofSeconds(5));
        if (!(frame instanceof byte[] bytes)) {
            throw new AssertionError("expected a binary frame, got " + describe(frame));
        }
        return bytes;
    }

    /** Whether no frame arrives within {@code wait}. */
    public boolean receivesNothing(Duration wait) {
        try {
            Object frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame != null) {
                frames.add(frame);
            }
            return frame == null;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The close code the server sent, waiting up to 5 s. */
    public int awaitClose() {
        try {
            return closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within 5 s; frames: " + frames, e);
        }
    }

    /** The reason the server gave in its close frame, waiting up to 5 s for the close. */
    public String awaitCloseReason() {
        awaitClose();
        return closeReason;
    }

    /** Whether the server has closed the connection. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes with {@code code} as a client. */
    public void close(int code) {
        if (!socket.isOutputClosed()) {
            socket.sendClose(code, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }

    /**
     * Makes this client answer the server's close frame with {@code code} instead of echoing the
     * server's code, as a client may.
     *
     * @return this client
     */
    public WsClient answeringCloseWith(int code) {
        closeReply = code;
        return this;
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            close(1000);
        }
        socket.abort();
    }

    private Object next(Duration wait) {
        try {
            Object frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + wait.toMillis() + " ms"
                        + (closed.isDone() ? "; the connection closed with " + closed.join() : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String describe(Object frame) {
        return frame instanceof byte[] b ? "binary of " + b.length + " bytes" : String.valueOf(frame);
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            frames.add(bytes);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReason = reason;
            if (closeReply != 0) {
                ws.sendClose(closeReply, "");
            }
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
