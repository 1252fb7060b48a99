package io.channels4j.testing;

import io.channels4j.CloseCodes;
import io.channels4j.Scope;
import io.channels4j.internal.Connection;
import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.Json;
import io.channels4j.internal.Transport;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.server.ServerEndpoint;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives one consumer with no network and no container: the counterpart of Django Channels'
 * {@code WebsocketCommunicator}. The consumer runs exactly as it does in a server (same threads,
 * same ordering, same channel layer calls); only the socket is replaced by a recorder.
 *
 * <pre>{@code
 * var layer = new InMemoryChannelLayer();
 * try (var client = WebsocketCommunicator.of(new ChatConsumer(), "/ws/chat/lobby/").layer(layer).build()) {
 *     assertTrue(client.connect().accepted());
 *     client.sendJsonTo(Map.of("message", "hello"));
 *     assertEquals(Map.of("message", "hello"), client.receiveJsonFrom());
 * }
 * }</pre>
 *
 * <p>Route variables are taken from the consumer's {@code @ServerEndpoint} path template and the
 * given path; the agreed subprotocol is the first offered one the endpoint lists, as a Jakarta
 * container chooses it. Several communicators talk to each other when built with the same
 * {@link ChannelLayer}. Every wait is bounded: a receive that times out fails the test with an
 * {@link AssertionError}.
 */
public final class WebsocketCommunicator implements AutoCloseable {

    /** The default wait of {@code connect} and the {@code receive} methods: 1 second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * What {@link #connect()} saw.
     *
     * @param accepted whether the consumer accepted
     * @param subprotocol the agreed subprotocol when accepted ({@code ""} for none)
     * @param closeCode the close code when denied, else {@code -1}
     */
    public record ConnectResult(boolean accepted, String subprotocol, int closeCode) {
    }

    /**
     * One frame the consumer sent.
     *
     * @param text the text, or {@code null} for a binary frame
     * @param bytes the bytes, or {@code null} for a text frame
     */
    public record Frame(String text, byte[] bytes) {
        /** Whether this is a text frame. */
        public boolean isText() {
            return text != null;
        }

        @Override
        public String toString() {
            return text != null ? "text " + text : "binary " + Arrays.toString(bytes);
        }
    }

    private sealed interface Output permits Sent, Accepted, Closed {
    }

    private record Sent(Frame frame) implements Output {
    }

    private record Accepted() implements Output {
    }

    private record Closed(int code, String reason) implements Output {
    }

    private final Object consumer;
    private final ChannelLayer layer;
    private final boolean ownsLayer;
    private final Scope scope;
    private final String agreedSubprotocol;
    private final BlockingQueue<Output> outputs = new LinkedBlockingQueue<>();
    private final Connection connection;
    private volatile Closed closed;
    private boolean connected;

    private WebsocketCommunicator(Builder b) {
        this.consumer = b.consumer;
        this.ownsLayer = b.layer == null;
        this.layer = b.layer != null ? b.layer : new InMemoryChannelLayer();
        this.agreedSubprotocol = negotiate(b.consumer.getClass(), b.subprotocols);
        Scope.Builder scope = Scope.builder(b.path).queryString(b.queryString).user(b.user)
                .subprotocols(b.subprotocols).httpSession(b.httpSession);
        b.headers.forEach(h -> scope.header(h[0], h[1]));
        RouteTemplate.kwargs(b.consumer.getClass(), b.path).forEach(scope::kwarg);
        this.scope = scope.build();
        this.connection = Connection.bind(consumer, new Recorder(), ConsumerRuntime.of(layer), this.scope);
    }

    /** Starts building a communicator for {@code consumer} at request path {@code path}. */
    public static Builder of(Object consumer, String path) {
        return new Builder(consumer, path);
    }

    /** Connects and waits up to {@link #DEFAULT_TIMEOUT} for the consumer to accept or deny. */
    public ConnectResult connect() {
        return connect(DEFAULT_TIMEOUT);
    }

    /** Connects and waits up to {@code timeout} for the consumer to accept or deny. */
    public ConnectResult connect(Duration timeout) {
        if (connected) {
            throw new IllegalStateException("connect() was already called");
        }
        connected = true;
        connection.opened();
        Output first = next(timeout, "the consumer to accept or close the connection");
        if (first instanceof Accepted) {
            return new ConnectResult(true, agreedSubprotocol, -1);
        }
        if (first instanceof Closed c) {
            return new ConnectResult(false, "", c.code());
        }
        throw new AssertionError("the consumer sent " + first + " before accepting the connection");
    }

    /** Sends a text frame to the consumer. */
    public void sendTo(String text) {
        requireConnected();
        connection.text(Objects.requireNonNull(text, "text"));
    }

    /** Sends a binary frame to the consumer. */
    public void sendTo(byte[] bytes) {
        requireConnected();
        connection.binary(bytes.clone());
    }

    /** Encodes {@code content} as JSON and sends it as a text frame. */
    public void sendJsonTo(Object content) {
        sendTo(jsonb().toJson(content));
    }

    /** The next frame the consumer sent, waiting up to {@link #DEFAULT_TIMEOUT}. */
    public Frame receiveFrom() {
        return receiveFrom(DEFAULT_TIMEOUT);
    }

    /**
     * The next frame the consumer sent, waiting up to {@code timeout}.
     *
     * @throws AssertionError when nothing arrives in time, or the connection closed instead
     */
    public Frame receiveFrom(Duration timeout) {
        Output out = next(timeout, "a frame from the consumer");
        if (out instanceof Sent s) {
            return s.frame();
        }
        throw new AssertionError("expected a frame but the consumer " + describe(out));
    }

    /** The next frame, which must be text; waits up to {@link #DEFAULT_TIMEOUT}. */
    public String receiveTextFrom() {
        Frame frame = receiveFrom();
        if (!frame.isText()) {
            throw new AssertionError("expected a text frame, got " + frame);
        }
        return frame.text();
    }

    /** The next frame decoded as JSON; waits up to {@link #DEFAULT_TIMEOUT}. */
    public Object receiveJsonFrom() {
        return receiveJsonFrom(DEFAULT_TIMEOUT);
    }

    /** The next frame decoded as JSON; waits up to {@code timeout}. */
    public Object receiveJsonFrom(Duration timeout) {
        Frame frame = receiveFrom(timeout);
        if (!frame.isText()) {
            throw new AssertionError("expected a JSON text frame, got " + frame);
        }
        return jsonb().fromJson(frame.text(), Object.class);
    }

    /**
     * Whether the consumer stays silent (no frame, no close) for {@code timeout}.
     *
     * @return true when nothing came
     */
    public boolean receiveNothing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!outputs.isEmpty()) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outputs.isEmpty();
            }
        }
        return outputs.isEmpty();
    }

    /** Whether the consumer stays silent for 100 ms. */
    public boolean receiveNothing() {
        return receiveNothing(Duration.ofMillis(100));
    }

    /**
     * Waits up to {@code timeout} for the consumer to close the connection and returns the code.
     *
     * @throws AssertionError when a frame comes first or nothing comes in time
     */
    public int awaitClose(Duration timeout) {
        Output out = next(timeout, "the consumer to close the connection");
        if (out instanceof Closed c) {
            return c.code();
        }
        throw new AssertionError("expected the connection to close but the consumer " + describe(out));
    }

    /** The reason the consumer gave when it closed, or empty when it has not closed. */
    public String closeReason() {
        Closed c = closed;
        return c == null ? "" : c.reason();
    }

    /**
     * Closes the connection as a client would, with {@code code}, and waits until the consumer's
     * {@code disconnect} has run and it has left its groups.
     */
    public void disconnect(int code) {
        disconnect(code, Duration.ofSeconds(5));
    }

    /** Closes with 1000 and waits for the consumer to finish. */
    public void disconnect() {
        disconnect(CloseCodes.NORMAL);
    }

    private void disconnect(int code, Duration timeout) {
        if (connected) {
            connection.closed(code);
            try {
                connection.finished().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("the consumer did not finish disconnecting within " + timeout, e);
            }
        }
    }

    /** The channel layer the consumer uses. */
    public ChannelLayer layer() {
        return layer;
    }

    /** The consumer's channel name (after {@link #connect()}). */
    public String channelName() {
        return connectionChannel();
    }

    /** The scope the consumer was given. */
    public Scope scope() {
        return scope;
    }

    /** Disconnects (1000) if still connected, and closes the layer if the communicator made it. */
    @Override
    public void close() {
        try {
            if (connected && closed == null) {
                disconnect(CloseCodes.NORMAL);
            } else if (connected) {
                connection.finished().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("the consumer did not finish within 5 s", e);
        } finally {
            if (ownsLayer) {
                layer.close();
            }
        }
    }

    private String connectionChannel() {
        return connection.channelName();
    }

    private void requireConnected() {
        if (!connected) {
            throw new IllegalStateException("call connect() first");
        }
    }

    private Output next(Duration timeout, String what) {
        try {
            Output out = outputs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (out == null) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private static String describe(Output out) {
        if (out instanceof Closed c) {
            return "closed the connection with " + c.code() + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")");
        }
        return out instanceof Accepted ? "accepted again" : "sent " + ((Sent) out).frame();
    }

    private static Jsonb jsonb() {
        return Json.shared();
    }

    private static String negotiate(Class<?> consumerClass, List<String> offered) {
        ServerEndpoint endpoint = consumerClass.getAnnotation(ServerEndpoint.class);
        List<String> supported = endpoint == null ? List.of() : List.of(endpoint.subprotocols());
        for (String candidate : offered) {
            if (supported.contains(candidate)) {
                return candidate;
            }
        }
        return "";
    }

    /** The recorder that stands in for the socket. */
    private final class Recorder implements Transport {
        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            outputs.add(new Sent(new Frame(text, null)));
            done.accept(null);
        }

        @Override
        public void sendBinary(byte[] data, Consumer<Throwable> done) {
            outputs.add(new Sent(new Frame(null, data.clone())));
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            Closed c = new Closed(code, reason);
            closed = c;
            outputs.add(c);
            CompletableFuture.runAsync(() -> connection.closed(code));
        }

        @Override
        public void accepted() {
            outputs.add(new Accepted());
        }

        @Override
        public String negotiatedSubprotocol() {
            return agreedSubprotocol;
        }
    }

    /** Builds a {@link WebsocketCommunicator}. */
    public static final class Builder {
        private final Object consumer;
        private final String path;
        private String queryString = "";
        private final List<String[]> headers = new ArrayList<>();
        private List<String> subprotocols = List.of();
        private Principal user;
        private Object httpSession;
        private ChannelLayer layer;

        private Builder(Object consumer, String path) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
            this.path = Objects.requireNonNull(path, "path");
        }

        /** The raw query string, without {@code ?}. */
        public Builder queryString(String queryString) {
            this.queryString = queryString;
            return this;
        }

        /** Adds a request header. */
        public Builder header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** The subprotocols the client offers, in its order of preference. */
        public Builder subprotocols(String... offered) {
            this.subprotocols = List.of(offered);
            return this;
        }

        /** The authenticated user (default: anonymous). */
        public Builder user(Principal user) {
            this.user = user;
            return this;
        }

        /** The HTTP session object the scope shows. */
        public Builder httpSession(Object httpSession) {
            this.httpSession = httpSession;
            return this;
        }

        /**
         * The channel layer to use; give several communicators the same layer so their consumers
         * share groups. Default: a new in-memory layer for this communicator alone.
         */
        public Builder layer(ChannelLayer layer) {
            this.layer = layer;
            return this;
        }

        /** The communicator, not yet connected. */
        public WebsocketCommunicator build() {
            return new WebsocketCommunicator(this);
        }
    }
}
