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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A synchronous WebSocket consumer: subclass it, annotate the subclass with
 * {@code @ServerEndpoint(value = "...", configurator = ConsumerConfigurator.class)}, and override
 * the steps you need. Handlers may block; they run on a worker thread, never on the container's
 * I/O threads.
 *
 * <p>Lifecycle, one instance per connection:
 * <ol>
 *   <li>the connection gets its {@link #channelName()} and joins {@link #groups()};</li>
 *   <li>{@link #connect()} decides: {@link #accept()} (the default) or {@link #close()} to deny
 *       (the client sees close code 1008, or the code given);</li>
 *   <li>{@link #receive(String)} or {@link #receive(byte[])} once per frame, and an event handler
 *       once per channel-layer message ({@code chat.message} calls {@code chat_message(Map)} or
 *       the method annotated {@code @EventHandler("chat.message")}) — one at a time, in arrival
 *       order;</li>
 *   <li>{@link #disconnect(int)} exactly once, however the connection ended; then the consumer
 *       leaves every group it joined and receives nothing more.</li>
 * </ol>
 * A handler that throws closes the connection with 1011 ({@link CloseCodes#INTERNAL_ERROR}); an
 * {@link InvalidFrameException} closes it with its own code. The client is told a short, fixed
 * reason; the log has the failure.
 * Sending after the consumer closed throws {@link ConnectionClosedException}.
 *
 * <p>Do not annotate methods of a subclass with {@code @OnOpen}, {@code @OnMessage},
 * {@code @OnClose} or {@code @OnError}: this class wires them.
 */
public abstract class WebsocketConsumer {

    static {
        ConsumerBinding.register(WebsocketConsumer.class, new ConsumerBinding.Binder() {
            @Override
            public ConsumerHooks hooks(Object consumer) {
                return ((WebsocketConsumer) consumer).new Hooks();
            }

            @Override
            public void attach(Object consumer, Connection connection) {
                ((WebsocketConsumer) consumer).connection = connection;
            }

            @Override
            public boolean async() {
                return false;
            }
        });
    }

    private volatile Connection connection;

    // ---- steps to override ----

    /** Called when the handshake has completed; accepts by default. Call {@link #close()} to deny. */
    protected void connect() {
        accept();
    }

    /** Called for each text frame. */
    protected void receive(String text) {
    }

    /** Called for each binary frame. */
    protected void receive(byte[] bytes) {
    }

    /** Called exactly once when the connection has ended, with the close code. */
    protected void disconnect(int code) {
    }

    /** The groups this consumer joins before {@link #connect()} and leaves after {@link #disconnect(int)}. */
    protected List<String> groups() {
        return List.of();
    }

    /**
     * Called when a channel-layer event has no type, a malformed type, or no handler. By default it
     * logs and closes with 1011, as Django Channels ends the consumer; override to ignore or answer.
     */
    protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
        throw error;
    }

    // ---- actions ----

    /** Accepts the connection. */
    protected final void accept() {
        connection().accept(null);
    }

    /**
     * Accepts the connection with {@code subprotocol}, which must be the one agreed during the
     * handshake (the first the client offered that {@code @ServerEndpoint(subprotocols)} lists).
     */
    protected final void accept(String subprotocol) {
        connection().accept(subprotocol);
    }

    /** Sends a text frame to this connection's client. */
    protected final void send(String text) {
        connection().send(text);
    }

    /** Sends a binary frame to this connection's client. */
    protected final void send(byte[] bytes) {
        connection().send(bytes);
    }

    /** Sends a text frame, then closes with 1000 when {@code close} is true. */
    protected final void send(String text, boolean close) {
        send(text);
        if (close) {
            close();
        }
    }

    /** Sends a binary frame, then closes with 1000 when {@code close} is true. */
    protected final void send(byte[] bytes, boolean close) {
        send(bytes);
        if (close) {
            close();
        }
    }

    /** Closes with 1000 (after accept) or denies with 1008 (before). Closing twice does nothing. */
    protected final void close() {
        connection().close(null, "");
    }

    /** Closes (or denies) with {@code code}: 1000-1003, 1007-1014 or an application code 3000-4999. */
    protected final void close(int code) {
        connection().close(code, "");
    }

    /** Closes (or denies) with {@code code} and a reason of at most 123 UTF-8 bytes. */
    protected final void close(int code, String reason) {
        connection().close(code, reason);
    }

    /** Adds this consumer's channel to {@code group}, waiting until done; left automatically on disconnect. */
    protected final void groupAdd(String group) {
        connection().await(channelLayer().groupAdd(group, channelName()), "groupAdd");
    }

    /** Removes this consumer's channel from {@code group}, waiting until done. */
    protected final void groupDiscard(String group) {
        connection().await(channelLayer().groupDiscard(group, channelName()), "groupDiscard");
    }

    /** Sends {@code message} to every member of {@code group}, waiting until it is queued. */
    protected final GroupSendResult groupSend(String group, Map<String, ?> message) {
        return connection().await(channelLayer().groupSend(group, message), "groupSend");
    }

    /** Sends {@code message} to one channel, waiting until it is queued. */
    protected final void channelSend(String channel, Map<String, ?> message) {
        connection().await(channelLayer().send(channel, message), "send");
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
        private final CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

        @Override
        public CompletionStage<?> connect() {
            WebsocketConsumer.this.connect();
            return done;
        }

        @Override
        public CompletionStage<?> receiveText(String text) {
            receive(text);
            return done;
        }

        @Override
        public CompletionStage<?> receiveBinary(byte[] data) {
            receive(data);
            return done;
        }

        @Override
        public CompletionStage<?> disconnect(int code) {
            WebsocketConsumer.this.disconnect(code);
            return done;
        }

        @Override
        public CompletionStage<?> unhandledEvent(Map<String, Object> event, EventDispatchException error) {
            onUnhandledEvent(event, error);
            return done;
        }

        @Override
        public List<String> groups() {
            return WebsocketConsumer.this.groups();
        }

        @Override
        public CompletionStage<?> handlerResult(Object returned) {
            return done;
        }
    }
}
