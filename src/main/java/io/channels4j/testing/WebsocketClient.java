package io.channels4j.testing;

import io.channels4j.internal.Json;
import jakarta.json.bind.JsonbException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests against a running server (embedded, WildFly, Payara, or
 * anything else): it records every frame and the close it receives, and lets the test read them
 * in order. The counterpart of {@link WebsocketCommunicator}, which drives a consumer without a
 * network. Built on the JDK's {@code java.net.http.WebSocket}.
 *
 * <pre>{@code
 * try (WebsocketClient alice = WebsocketClient.connect(server.ws("ws/chat/lobby/"))) {
 *     alice.sendJson(Map.of("message", "hello"));
 *     assertEquals(Map.of("message", "hello"), alice.receiveJson());
 *     alice.send("{not json");
 *     assertEquals(1007, alice.awaitClose());
 *     alice.assertNothingLeftOver();
 * }
 * }</pre>
 *
 * <p>Every wait is bounded: the methods without a {@link Duration} wait
 * {@linkplain Builder#receiveTimeout(Duration) the client's receive timeout} (default
 * {@link #DEFAULT_TIMEOUT}). A receive that gets something else than it expects (another kind of
 * frame, the close, or nothing in time) fails with an {@link AssertionError} that says what came.
 * Once the connection has ended a receive fails at once instead of waiting. One test thread (or
 * several) may use a client while the JDK's listener thread records into it.
 */
public final class WebsocketClient implements AutoCloseable {

    /** The default wait of the handshake and of the receive methods: 5 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Predicate<ReceivedFrames.Frame> ANY = frame -> true;

    private final URI uri;
    private final WebSocket socket;
    private final ReceivedFrames received;
    private final RecordingListener listener;
    private final Duration timeout;
    private final Object sending = new Object();

    WebsocketClient(URI uri, WebSocket socket, ReceivedFrames received, RecordingListener listener, Duration timeout) {
        this.uri = uri;
        this.socket = socket;
        this.received = received;
        this.listener = listener;
        this.timeout = timeout;
    }

    /**
     * Connects to {@code uri} ({@code ws://} or {@code wss://}) with no subprotocol, no extra
     * header and the default timeouts.
     *
     * @throws AssertionError when the handshake is refused, fails or takes longer than 5 s
     */
    public static WebsocketClient connect(URI uri) {
        return to(uri).connect();
    }

    /** Starts configuring a connection to {@code uri}: subprotocols, headers, timeouts. */
    public static Builder to(URI uri) {
        return new Builder(uri);
    }

    /** The subprotocol the server agreed to in the handshake, or {@code ""} for none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends one text frame and waits until it is written (up to the receive timeout). */
    public void send(String text) {
        Objects.requireNonNull(text, "text");
        synchronized (sending) {
            Waits.sent(socket.sendText(text, true), "text frame", uri, timeout, received);
        }
    }

    /** Sends one binary frame and waits until it is written (up to the receive timeout). */
    public void send(byte[] bytes) {
        ByteBuffer data = ByteBuffer.wrap(bytes.clone());
        synchronized (sending) {
            Waits.sent(socket.sendBinary(data, true), "binary frame", uri, timeout, received);
        }
    }

    /** Encodes {@code value} with the JSON-B that channels4j's JSON consumers use, and sends it as text. */
    public void sendJson(Object value) {
        send(Json.shared().toJson(value));
    }

    /** The next frame, which must be text; waits up to the receive timeout. */
    public String receiveText() {
        return receiveText(timeout);
    }

    /**
     * The next frame, which must be text, waiting up to {@code wait}.
     *
     * @throws AssertionError when the next frame is binary, the connection ended, or nothing came
     */
    public String receiveText(Duration wait) {
        ReceivedFrames.Frame frame = received.next(ANY, wait, "a text frame");
        if (!frame.isText()) {
            throw new AssertionError("expected a text frame, got a " + frame);
        }
        return frame.text();
    }

    /**
     * The first unread text frame that {@code wanted} accepts, waiting up to the receive timeout.
     * Frames it passes over stay unread, in order: {@code receiveTextMatching(t -> !t.startsWith("{\"ping\""))}
     * reads past heartbeats without losing them.
     */
    public String receiveTextMatching(Predicate<? super String> wanted) {
        return receiveTextMatching(wanted, timeout);
    }

    /**
     * The first unread text frame that {@code wanted} accepts, waiting up to {@code wait}; the
     * frames it passes over stay unread, in order.
     *
     * @throws AssertionError when no such frame came in time or the connection ended without one
     */
    public String receiveTextMatching(Predicate<? super String> wanted, Duration wait) {
        return received.next(text(wanted), wait, "a text frame matching the condition").text();
    }

    /**
     * Like {@link #receiveTextMatching(Predicate, Duration)}, for when none coming is an answer.
     *
     * @return the frame, or empty when none came within {@code wait} or the connection ended
     */
    public Optional<String> pollTextMatching(Predicate<? super String> wanted, Duration wait) {
        return Optional.ofNullable(received.takeOrNull(text(wanted), wait)).map(ReceivedFrames.Frame::text);
    }

    /** The next frame, which must be binary; waits up to the receive timeout. */
    public byte[] receiveBytes() {
        return receiveBytes(timeout);
    }

    /**
     * The next frame, which must be binary, waiting up to {@code wait}.
     *
     * @throws AssertionError when the next frame is text, the connection ended, or nothing came
     */
    public byte[] receiveBytes(Duration wait) {
        ReceivedFrames.Frame frame = received.next(ANY, wait, "a binary frame");
        if (frame.isText()) {
            throw new AssertionError("expected a binary frame, got a " + frame);
        }
        return frame.bytes();
    }

    /** The next frame decoded as JSON (maps, lists, strings, {@code BigDecimal}s, booleans, null). */
    public Object receiveJson() {
        return receiveJson(timeout);
    }

    /**
     * The next frame, which must be text holding JSON, decoded; waits up to {@code wait}.
     *
     * @throws AssertionError when the frame is binary or not JSON, the connection ended, or nothing came
     */
    public Object receiveJson(Duration wait) {
        String text = receiveText(wait);
        try {
            return Json.shared().fromJson(text, Object.class);
        } catch (JsonbException e) {
            throw new AssertionError("expected a JSON text frame, got text that is not JSON: \"" + text + "\"", e);
        }
    }

    /** Whether nothing arrives for 100 ms; see {@link #receiveNothing(Duration)}. */
    public boolean receiveNothing() {
        return receiveNothing(Duration.ofMillis(100));
    }

    /**
     * Whether the server stays silent for {@code wait}: no frame and no close the test has not
     * read. Reads nothing: a frame that came stays unread. Returns at once when something is
     * already unread, or when the connection has ended and the test has seen the end.
     */
    public boolean receiveNothing(Duration wait) {
        return received.silentFor(wait);
    }

    /** The server's close code, waiting up to the receive timeout; see {@link #awaitClose(Duration)}. */
    public int awaitClose() {
        return awaitClose(timeout);
    }

    /**
     * Waits up to {@code wait} for the server to close the connection, whatever frames are still
     * unread (they stay readable), and returns its close code: 1006 when the connection broke
     * without a close frame.
     *
     * @throws AssertionError when the connection is still open after {@code wait}, or this client aborted it
     */
    public int awaitClose(Duration wait) {
        return received.awaitCloseCode(wait);
    }

    /** The reason in the server's close frame; {@code ""} when it gave none or has not closed. */
    public String closeReason() {
        ReceivedFrames.Ending ending = received.peekEnding();
        return ending != null && ending.how() == ReceivedFrames.How.SERVER_CLOSED ? ending.detail() : "";
    }

    /**
     * The server's close code (1006 when the connection broke) if the connection has ended,
     * else empty; does not wait. A close it returns counts as read.
     */
    public OptionalInt closeCode() {
        return received.closeCodeNow();
    }

    /**
     * Starts the close handshake from the client side with {@code code} and returns once the close
     * frame is written; {@link #awaitClose()} then gives the server's answer. Does nothing when
     * this client has already sent a close frame (for example in answer to the server's).
     *
     * @throws IllegalArgumentException when the JDK does not let a client send {@code code}
     */
    public void close(int code) {
        synchronized (sending) {
            if (socket.isOutputClosed()) {
                received.clientCloses();
                return;
            }
            CompletableFuture<WebSocket> sent = socket.sendClose(code, "");
            if (sent.isCompletedExceptionally() && sent.handle((v, e) -> e).join() instanceof IllegalArgumentException e) {
                throw new IllegalArgumentException("a client cannot send close code " + code
                        + " (1000 and 3000-4999 are always allowed): " + e.getMessage(), e);
            }
            received.clientCloses();
            Waits.sent(sent, "close frame " + code, uri, timeout, received);
        }
    }

    /**
     * Makes this client answer the server's close frame with {@code code} instead of echoing the
     * server's code, as some clients do; call it before the server closes.
     *
     * @return this client
     */
    public WebsocketClient answerCloseWith(int code) {
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("a close code is between 1000 and 4999, got " + code);
        }
        listener.answerCloseWith(code);
        return this;
    }

    /** Drops the TCP connection without a close frame, as a client that vanishes does. */
    public void abort() {
        socket.abort();
        received.end(new ReceivedFrames.Ending(ReceivedFrames.How.ABORTED, 1006, ""));
    }

    /**
     * Fails unless the test has read everything the server sent: every frame, and the server's
     * close unless this client started the close or the test read it ({@link #awaitClose()},
     * {@link #closeCode()}). Does not wait.
     *
     * @throws AssertionError listing every unread frame and the unread close, in arrival order
     */
    public void assertNothingLeftOver() {
        List<String> left = received.leftOver();
        if (!left.isEmpty()) {
            throw new AssertionError(left.size() + " unread from " + uri + ":\n  " + String.join("\n  ", left));
        }
    }

    /**
     * Closes with 1000 unless a close frame was already sent, then drops the TCP connection.
     * Safe to call more than once; what was received stays readable.
     */
    @Override
    public void close() {
        received.clientCloses();
        synchronized (sending) {
            if (!socket.isOutputClosed()) {
                socket.sendClose(1000, "").completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(t -> null).join();
            }
        }
        socket.abort();
    }

    /** The address, the unread frames and the state of the connection. */
    @Override
    public String toString() {
        return "WebsocketClient to " + uri + " (" + received.state() + ")";
    }

    private static Predicate<ReceivedFrames.Frame> text(Predicate<? super String> wanted) {
        Objects.requireNonNull(wanted, "wanted");
        return frame -> frame.isText() && wanted.test(frame.text());
    }

    /**
     * Configures a connection before it is made: {@link WebsocketClient#to(URI)}, then
     * {@link #connect()}, or {@link #refusedStatus()} to check that the server refuses it.
     */
    public static final class Builder {
        private final URI uri;
        private List<String> subprotocols = List.of();
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration receiveTimeout = DEFAULT_TIMEOUT;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("a WebSocket URI starts with ws:// or wss://, got " + uri);
            }
            this.uri = uri;
        }

        /** The subprotocols to offer, in order of preference (default: none). */
        public Builder subprotocols(String... offered) {
            this.subprotocols = List.of(offered);
            return this;
        }

        /**
         * Adds a handshake header line; calling it again with the same name sends another line.
         * The JDK refuses the headers it sets itself ({@code Host}, {@code Upgrade},
         * {@code Sec-WebSocket-*}, ...) with an {@link IllegalArgumentException} on connect.
         */
        public Builder header(String name, String value) {
            headers.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
            return this;
        }

        /** How long the TCP connection and the handshake may take together (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long the methods without a {@link Duration} wait for a frame or the close, and how
         * long a send may take (default 5 s). A freshly started application server may want more.
         */
        public Builder receiveTimeout(Duration timeout) {
            this.receiveTimeout = positive(timeout, "receiveTimeout");
            return this;
        }

        /**
         * Opens the connection.
         *
         * @throws AssertionError when the server refuses the handshake (the message gives the HTTP
         *     status), the connection fails, or the handshake takes longer than the connect timeout
         */
        public WebsocketClient connect() {
            return handshake().connected();
        }

        /**
         * Attempts the handshake expecting the server to refuse it before the upgrade, and returns
         * the HTTP status of the refusal, such as 401 or 403.
         *
         * @throws AssertionError when the server accepts (the connection is then dropped), or the
         *     attempt fails without an HTTP answer
         */
        public int refusedStatus() {
            return handshake().refused(uri);
        }

        private Handshake.Outcome handshake() {
            return Handshake.attempt(uri, subprotocols, headers, connectTimeout, receiveTimeout);
        }

        private static Duration positive(Duration timeout, String what) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + timeout);
            }
            return timeout;
        }
    }
}
