package io.channels4j.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket client library as the generator uses it: connect, send text, get text frames and
 * the close. Two implementations, so the one that costs the generator less CPU per frame can be
 * chosen ({@code --client netty|jdk}): the generator must never be the bottleneck.
 */
interface Client extends AutoCloseable {

    /** What a connection tells its owner. Called on the client's I/O threads; must not block. */
    interface Listener {
        void onText(Conn conn, CharSequence text);

        void onClose(Conn conn, int code);
    }

    /** One open connection. {@link #send} may be called from any thread. */
    abstract class Conn {
        private Object tag;

        abstract void send(String text);

        abstract void close();

        /** Free slot for the scenario's per-connection state. */
        Object tag() {
            return tag;
        }

        void tag(Object tag) {
            this.tag = tag;
        }
    }

    /**
     * Opens a connection. The stage fails with the cause (refused, timeout, handshake status...).
     *
     * @param local source address to bind, or null for the default
     */
    CompletableFuture<Conn> connect(URI uri, InetSocketAddress local, Listener listener);

    /** Whether this client can bind a source address (needed past ~28k connections). */
    boolean bindsSource();

    @Override
    void close();

    /** The client named by {@code --client}. */
    static Client create(String name, int threads) {
        return switch (name) {
            case "netty" -> new NettyClient(threads);
            case "jdk" -> new JdkClient();
            default -> throw new IllegalArgumentException("--client must be netty or jdk, got '" + name + "'");
        };
    }
}
