package io.channels4j;

import io.channels4j.internal.Connection;
import io.channels4j.internal.JsonLimits;
import io.channels4j.internal.ConsumerBinding;
import io.channels4j.internal.ConsumerHooks;
import io.channels4j.internal.SessionAdapter;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An asynchronous WebSocket consumer: the same lifecycle as {@link WebsocketConsumer}, but every
 * step returns a {@link CompletionStage} and <strong>must not block</strong>: handlers run on a
 * small shared pool. The next event of the connection starts only when the previous step's stage
 * has completed, so events are still handled one at a time, in order. Run blocking work (a
 * database call, loading a model) through {@link #runBlocking(Callable)}, the counterpart of
 * Django Channels' {@code database_sync_to_async}.
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/ws/echo/", configurator = ConsumerConfigurator.class)
 * public class Echo extends AsyncWebsocketConsumer {
 *     protected CompletionStage<Void> receive(String text) { return send(text); }
 * }
 * }</pre>
 *
 * <p>Event handlers take a {@code Map<String, Object>} and return a {@code CompletionStage}.
 * Do not annotate methods of a subclass with {@code @OnOpen}, {@code @OnMessage},
 * {@code @OnClose} or {@code @OnError}: this class wires them.
 */
public abstract class AsyncWebsocketConsumer {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    static {
        ConsumerBinding.register(AsyncWebsocketConsumer.class, new ConsumerBinding.Binder() {
            @Override
            public ConsumerHooks hooks(Object consumer) {
                return ((AsyncWebsocketConsumer) consumer).new Hooks();
            }

            @Override
            public void attach(Object consumer, Connection connection) {
                ((AsyncWebsocketConsumer) consumer).connection = connection;
            }

            @Override
            public boolean async() {
                return true;
            }
        });
    }

    private volatile Connection connection;

    // ---- steps to override ----

    /** Called when the handshake has completed; accepts by default. Call {@link #close()} to deny. */
    protected CompletionStage<Void> connect() {
        return accept();
    }

    /** Called for each text frame. */
    protected CompletionStage<Void> receive(String text) {
        return DONE;
    }

    /** Called for each binary frame. */
    protected CompletionStage<Void> receive(byte[] bytes) {
        return DONE;
    }

    /** Called exactly once when the connection has ended, with the close code. */
    protected CompletionStage<Void> disconnect(int code) {
        return DONE;
    }

    /** The groups this consumer joins before {@link #connect()} and leaves after {@link #disconnect(int)}. */
    protected List<String> groups() {
        return List.of();
    }

    /**
     * Called when a channel-layer event has no type, a malformed type, or no handler. By default it
     * fails, which logs and closes with 1011; override to ignore or answer.
     */
    protected CompletionStage<Void> onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
        return CompletableFuture.failedFuture(error);
    }

    /** A stage that is already complete, for handlers with nothing to wait for. */
    protected static CompletionStage<Void> done() {
        return DONE;
    }

    // ---- actions ----

    /** Accepts the connection. */
    protected final CompletionStage<Void> accept() {
        connection().accept(null);
        return DONE;
    }

    /**
     * Accepts the connection with {@code subprotocol}, which must be the one agreed during the
     * handshake (the first the client offered that {@code @ServerEndpoint(subprotocols)} lists).
     */
    protected final CompletionStage<Void> accept(String subprotocol) {
        connection().accept(subprotocol);
        return DONE;
    }

    /** Queues a text frame for this connection's client. */
    protected final CompletionStage<Void> send(String text) {
        connection().send(text);
        return DONE;
    }

    /** Queues a binary frame for this connection's client. */
    protected final CompletionStage<Void> send(byte[] bytes) {
        connection().send(bytes);
        return DONE;
    }

    /** Queues a text frame, then closes with 1000 when {@code close} is true. */
    protected final CompletionStage<Void> send(String text, boolean close) {
        send(text);
        return close ? close() : DONE;
    }

    /** Queues a binary frame, then closes with 1000 when {@code close} is true. */
    protected final CompletionStage<Void> send(byte[] bytes, boolean close) {
        send(bytes);
        return close ? close() : DONE;
    }

    /** Closes with 1000 (after accept) or denies with 1008 (before). Closing twice does nothing. */
    protected final CompletionStage<Void> close() {
        connection().close(null, "");
        return DONE;
    }

    /** Closes (or denies) with {@code code}: 1000-1003, 1007-1014 or an application code 3000-4999. */
    protected final CompletionStage<Void> close(int code) {
        connection().close(code, "");
        return DONE;
    }

    /** Closes (or denies) with {@code code} and a reason of at most 123 UTF-8 bytes. */
    protected final CompletionStage<Void> close(int code, String reason) {
        connection().close(code, reason);
        return DONE;
    }

    /** Adds this consumer's channel to {@code group}; left automatically on disconnect. */
    protected final CompletionStage<Void> groupAdd(String group) {
        return channelLayer().groupAdd(group, channelName());
    }

    /** Removes this consumer's channel from {@code group}. */
    protected final CompletionStage<Void> groupDiscard(String group) {
        return channelLayer().groupDiscard(group, channelName());
    }

    /** Sends {@code message} to every member of {@code group}. */
    protected final CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message) {
        return channelLayer().groupSend(group, message);
    }

    /** Sends {@code message} to one channel. */
    protected final CompletionStage<Void> channelSend(String channel, Map<String, ?> message) {
        return channelLayer().send(channel, message);
    }

    /**
     * Runs blocking {@code work} on the blocking pool (the container's managed threads where it
     * has them) and completes with its result, so this connection's handler can wait for it
     * without blocking a thread that other connections need.
     */
    protected final <T> CompletionStage<T> runBlocking(Callable<T> work) {
        return connection().runBlocking(work);
    }

    // ---- what the consumer knows ----

    /** This connection's unique channel name, assigned before {@link #connect()}. */
    public final String channelName() {
        return connection().channelName();
    }

    /**
     * The application's channel layer. Every group this consumer's channel joins is left when the
     * connection ends, through this handle or any other. The layer belongs to the application:
     * do not close it.
     */
    public final ChannelLayer channelLayer() {
        return connection().layer();
    }

    /** What the handshake showed: path, route variables, query, headers, user, ... */
    public final Scope scope() {
        return connection().scope();
    }

    // ---- container callbacks: wired by channels4j, not for application code ----

    /** Container callback; do not call. */
    @OnOpen
    public final void onWebSocketOpen(Session session, EndpointConfig config) {
        SessionAdapter.open(this, session, config);
    }

    /** Container callback; do not call. */
    @OnMessage
    public final void onWebSocketText(String part, boolean last) {
        connection.textPart(part, last);
    }

    /** Container callback; do not call. */
    @OnMessage
    public final void onWebSocketBinary(byte[] part, boolean last) {
        connection.binaryPart(part, last);
    }

    /** Container callback; do not call. */
    @OnClose
    public final void onWebSocketClose(CloseReason reason) {
        connection.closed(SessionAdapter.code(reason));
    }

    /** Container callback; do not call. */
    @OnError
    public final void onWebSocketError(Throwable error) {
        Connection c = connection;
        if (c != null) {
            c.transportFailed(error);
        }
    }

    /** The JSON limits of this consumer's runtime (the defaults before it is connected). */
    final JsonLimits jsonLimits() {
        Connection c = connection;
        return c == null ? JsonLimits.standard() : c.jsonLimits();
    }

    private Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("this consumer is not connected yet: its connection is"
                    + " attached when the WebSocket opens, after the constructor");
        }
        return c;
    }

    private final class Hooks implements ConsumerHooks {
        @Override
        public CompletionStage<?> connect() {
            return AsyncWebsocketConsumer.this.connect();
        }

        @Override
        public CompletionStage<?> receiveText(String text) {
            return receive(text);
        }

        @Override
        public CompletionStage<?> receiveBinary(byte[] data) {
            return receive(data);
        }

        @Override
        public CompletionStage<?> disconnect(int code) {
            return AsyncWebsocketConsumer.this.disconnect(code);
        }

        @Override
        public CompletionStage<?> unhandledEvent(Map<String, Object> event, EventDispatchException error) {
            return onUnhandledEvent(event, error);
        }

        @Override
        public List<String> groups() {
            return AsyncWebsocketConsumer.this.groups();
        }

        @Override
        public CompletionStage<?> handlerResult(Object returned) {
            if (returned == null) {
                return CompletableFuture.failedFuture(new NullPointerException(
                        "an asynchronous event handler returned null instead of a CompletionStage"));
            }
            return (CompletionStage<?>) returned;
        }
    }
}
