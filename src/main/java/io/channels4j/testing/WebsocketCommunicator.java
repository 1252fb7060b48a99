package io.channels4j.testing;

import io.channels4j.CloseCodes;
import io.channels4j.Scope;
import io.channels4j.internal.Connection;
import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.Json;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.server.ServerEndpoint;
import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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

    private final Object consumer;
    private final ChannelLayer layer;
    private final boolean ownsLayer;
    private final Scope scope;
    private final String agreedSubprotocol;
    private final ConsumerOutputs outputs;
    private final Connection connection;
    private boolean connected;

    private WebsocketCommunicator(Builder b) {
        this.consumer = b.consumer;
        this.ownsLayer = b.layer == null;
        this.layer = b.layer != null ? b.layer : new InMemoryChannelLayer();
        this.agreedSubprotocol = negotiate(b.consumer.getClass(), b.subprotocols);
        RouteTemplate.kwargs(b.consumer.getClass(), b.path).forEach(b.scope::kwarg);
        this.scope = b.scope.build();
        Connection[] bound = new Connection[1];
        this.outputs = new ConsumerOutputs(agreedSubprotocol, code -> bound[0].closed(code));
        this.connection = Connection.bind(consumer, outputs, ConsumerRuntime.of(layer), this.scope);
        bound[0] = connection;
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
        ConsumerOutputs.Output first = outputs.next(timeout, "the consumer to accept or close the connection");
        if (first instanceof ConsumerOutputs.Accepted) {
            return new ConnectResult(true, agreedSubprotocol, -1);
        }
        if (first instanceof ConsumerOutputs.Closed c) {
            return new ConnectResult(false, "", c.code());
        }
        throw new AssertionError("the consumer sent " + first + " before accepting the connection");
    }

    /** Sends a text frame to the consumer. */
    public void sendTo(String text) {
        requireConnected();
        connection.textPart(Objects.requireNonNull(text, "text"), true);
    }

    /** Sends a binary frame to the consumer. */
    public void sendTo(byte[] bytes) {
        requireConnected();
        connection.binaryPart(bytes.clone(), true);
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
        return outputs.next(ConsumerOutputs.Sent.class, timeout, "a frame from the consumer").frame();
    }

    /** The next frame, which must be text; waits up to {@link #DEFAULT_TIMEOUT}. */
    public String receiveTextFrom() {
        return textFrom(DEFAULT_TIMEOUT, "a text frame");
    }

    /** The next frame decoded as JSON; waits up to {@link #DEFAULT_TIMEOUT}. */
    public Object receiveJsonFrom() {
        return receiveJsonFrom(DEFAULT_TIMEOUT);
    }

    /** The next frame decoded as JSON; waits up to {@code timeout}. */
    public Object receiveJsonFrom(Duration timeout) {
        return jsonb().fromJson(textFrom(timeout, "a JSON text frame"), Object.class);
    }

    private String textFrom(Duration timeout, String expected) {
        Frame frame = receiveFrom(timeout);
        if (!frame.isText()) {
            throw new AssertionError("expected " + expected + ", got " + frame);
        }
        return frame.text();
    }

    /**
     * Whether the consumer stays silent (no frame, no close) for {@code timeout}. Reads nothing:
     * what came stays first in line for the next receive.
     *
     * @return true when nothing came
     */
    public boolean receiveNothing(Duration timeout) {
        return outputs.nothingWithin(timeout);
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
        return outputs.next(ConsumerOutputs.Closed.class, timeout, "the consumer to close the connection").code();
    }

    /** The reason the consumer gave when it closed, or empty when it has not closed. */
    public String closeReason() {
        ConsumerOutputs.Closed c = outputs.closed();
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
            if (connected && outputs.closed() == null) {
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

    /** Builds a {@link WebsocketCommunicator}. */
    public static final class Builder {
        private final Object consumer;
        private final String path;
        /** The scope as the handshake would show it; route variables are added when built. */
        private final Scope.Builder scope;
        private List<String> subprotocols = List.of();
        private ChannelLayer layer;

        private Builder(Object consumer, String path) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
            this.path = Objects.requireNonNull(path, "path");
            this.scope = Scope.builder(path);
        }

        /** The raw query string, without {@code ?}. */
        public Builder queryString(String queryString) {
            scope.queryString(queryString);
            return this;
        }

        /** Adds a request header. */
        public Builder header(String name, String value) {
            scope.header(name, value);
            return this;
        }

        /** The subprotocols the client offers, in its order of preference. */
        public Builder subprotocols(String... offered) {
            subprotocols = List.of(offered);
            scope.subprotocols(subprotocols);
            return this;
        }

        /** The authenticated user (default: anonymous). */
        public Builder user(Principal user) {
            scope.user(user);
            return this;
        }

        /** The HTTP session object the scope shows. */
        public Builder httpSession(Object httpSession) {
            scope.httpSession(httpSession);
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
