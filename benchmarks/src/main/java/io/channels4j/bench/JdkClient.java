package io.channels4j.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK's {@code java.net.http} WebSocket client. It allows one outstanding send per socket, so
 * sends are queued and chained; on Java 17 it cannot bind a source address.
 */
final class JdkClient implements Client {

    private final ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "jdk-ws");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(executor)
            .connectTimeout(Duration.ofSeconds(30)).build();

    @Override
    public boolean bindsSource() {
        return false;
    }

    @Override
    public CompletableFuture<Conn> connect(URI uri, InetSocketAddress local, Listener listener) {
        if (local != null) {
            throw new IllegalArgumentException("the JDK 17 client cannot bind a source address; use --client netty");
        }
        JdkConn conn = new JdkConn(listener);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, conn)
                .thenApply(ws -> {
                    conn.ws = ws;
                    return (Conn) conn;
                });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class JdkConn extends Conn implements WebSocket.Listener {
        private final Listener listener;
        private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket ws;

        JdkConn(Listener listener) {
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last || partial.length() > 0) {
                partial.append(data);
                if (last) {
                    listener.onText(this, partial.toString());
                    partial.setLength(0);
                }
            } else {
                listener.onText(this, data);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            listener.onClose(this, statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            listener.onClose(this, 1006);
        }

        @Override
        void send(String text) {
            outbox.add(text);
            pump();
        }

        private void pump() {
            while (!outbox.isEmpty() && sending.compareAndSet(false, true)) {
                String next = outbox.poll();
                if (next == null) {
                    sending.set(false);
                    continue;
                }
                ws.sendText(next, true).whenComplete((w, t) -> {
                    sending.set(false);
                    pump();
                });
                return;
            }
        }

        @Override
        void close() {
            ws.sendClose(1000, "bye");
        }
    }
}
