package io.channels4j.examples.chat.container;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client (the JDK's) for the real-server suites: records frames and the close code.
 * Waits are bounded at {@value #WAIT_SECONDS} s: a freshly started server answers its first
 * connection slowly (CDI, JSON-B, pools start then), more so on a busy 2-core machine.
 */
final class Socket implements AutoCloseable {

    static final int WAIT_SECONDS = 30;

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private Socket(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code uri} sending {@code headers}; fails when the handshake fails. */
    static Socket connect(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = Server.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        return new Socket(builder, uri);
    }

    static Socket connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** The HTTP status with which the server refused the handshake; fails if it accepted. */
    static int refusal(URI uri, Map<String, String> headers) {
        try {
            connect(uri, headers).abort();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake failed without an HTTP answer", e);
        }
        throw new AssertionError("the server accepted the handshake to " + uri);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next text frame, within the wait. */
    String text() {
        Object frame = next();
        if (!(frame instanceof String text)) {
            throw new AssertionError("expected a text frame, got " + frame);
        }
        return text;
    }

    /** The next text frame that does not start with {@code prefix} (skipping those that do), within the wait. */
    String textSkipping(String prefix) {
        String frame = text();
        while (frame.startsWith(prefix)) {
            frame = text();
        }
        return frame;
    }

    /** The next binary frame, within the wait. */
    byte[] bytes() {
        Object frame = next();
        if (!(frame instanceof byte[] bytes)) {
            throw new AssertionError("expected a binary frame, got " + frame);
        }
        return bytes;
    }

    /** Whether no frame arrives within {@code wait}. */
    boolean silentFor(Duration wait) {
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether no frame other than notifications ({@code {"notify"...}) arrives within {@code wait}. */
    boolean silentForChat(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Object frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    return true;
                }
                if (!(frame instanceof String text && text.startsWith("{\"notify\""))) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The code the server closed with, within the wait. */
    int closeCode() {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within " + WAIT_SECONDS + " s", e);
        }
    }

    /** Drops the TCP connection without a close frame, as a client that vanishes does. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        socket.abort();
    }

    private Object next() {
        try {
            Object frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + WAIT_SECONDS + " s"
                        + (closed.isDone() ? "; closed with " + closed.join() : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                frames.add(binary.toByteArray());
                binary.reset();
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
