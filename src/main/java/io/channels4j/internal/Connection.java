package io.channels4j.internal;

import io.channels4j.CloseCodes;
import io.channels4j.ConnectionClosedException;
import io.channels4j.Scope;
import io.channels4j.layer.ChannelLayer;
import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * The engine behind one consumer: the lifecycle state (new, connecting, open, closed) and what the
 * consumer can do in each state ({@link #accept}, {@link #send}, {@link #close}), with the bounded
 * queue of frames to write. Its {@link Inbox} runs the consumer's steps; its failures end the
 * connection the way {@link ErrorPolicy} decides.
 *
 * <p>Threads: the container calls {@link #opened}, {@link #textPart}, {@link #binaryPart} and
 * {@link #closed} on its I/O threads; they only enqueue. The consumer's actions may come from any
 * thread. One monitor, {@code this}, guards the state and the outbound queue; the transport is
 * called only after it is released, so a container that completes a write on the calling thread
 * never runs into it.
 */
public final class Connection {

    private static final System.Logger LOG = System.getLogger("io.channels4j");

    private enum State { NEW, CONNECTING, OPEN, CLOSED }

    private final Object consumer;
    private final Transport transport;
    private final ConsumerRuntime runtime;
    private final Scope scope;
    private final Inbox inbox;
    /** Guarded by {@code this}. */
    private final Outbound outbound;
    /** Guarded by {@code this}. */
    private State state = State.NEW;
    /** Guarded by {@code this}: whether the client (or the network) ended the connection first. */
    private boolean closedByPeer;
    /** Guarded by {@code this}: the code the connection closed with. */
    private int closeCode;
    /** The client's messages on their way to the inbox. */
    private final MessageIntake intake;
    /** Guarded by {@code this}: the rate limit of this client's lines in the log, made at its first error. */
    private ClientErrorLog.Window clientErrors;

    private Connection(Object consumer, ConsumerClasses.ConsumerClass definition, Transport transport,
                       ConsumerRuntime runtime, Scope scope) {
        this.consumer = consumer;
        this.transport = transport;
        this.runtime = runtime;
        this.scope = scope;
        this.outbound = new Outbound(runtime.outboundLimit);
        this.inbox = new Inbox(this, consumer, definition, runtime);
        this.intake = new MessageIntake(runtime.messageLimitOf(consumer.getClass()), inbox, runtime.metrics,
                this::tooBig);
    }

    /**
     * Creates the connection of {@code consumer} and attaches it, so the consumer can act as soon
     * as {@link #opened()} runs its connect step.
     *
     * @throws IllegalArgumentException when {@code consumer} is no channels4j consumer
     */
    public static Connection bind(Object consumer, Transport transport, ConsumerRuntime runtime, Scope scope) {
        ConsumerClasses.ConsumerClass definition = ConsumerClasses.of(consumer.getClass());
        Connection connection = new Connection(consumer, definition, transport, runtime, scope);
        definition.base().binder().attach(consumer, connection);
        return connection;
    }

    // ---- container side: called on I/O threads, never blocks ----

    /** The handshake completed: runs the connect step. */
    public void opened() {
        runtime.metrics.opened();
        runtime.liveConnections.add(this);
        runtime.membershipRefresh.connectionOpened();
        inbox.connect();
    }

    /**
     * A part of a text message arrived (a message in one part: {@code last} with nothing before);
     * past the limit the connection closes with 1009 and later parts are dropped.
     */
    public void textPart(String part, boolean last) {
        intake.textPart(part, last);
    }

    /** A part of a binary message arrived; see {@link #textPart}. */
    public void binaryPart(byte[] part, boolean last) {
        intake.binaryPart(part, last);
    }

    /**
     * The connection is closed, by either side or by a network failure. When this side closed
     * first, {@code disconnect} gets the code this side sent, not the one the container reports
     * (which may be the client's reply, or 1006 when the client vanished meanwhile).
     */
    public void closed(int code) {
        int disconnectCode;
        int dropped;
        synchronized (this) {
            if (state != State.CLOSED) {
                state = State.CLOSED;
                closedByPeer = true;
                closeCode = code;
            }
            disconnectCode = closeCode;
            dropped = outbound.discard();
        }
        runtime.metrics.dropped(dropped);
        inbox.disconnect(disconnectCode);
    }

    /** The container reported an error on the connection; it closes the connection afterwards. */
    public void transportFailed(Throwable error) {
        LOG.log(Level.DEBUG, () -> describe() + ": transport error", error);
    }

    // ---- consumer side ----

    /** Completes when {@code disconnect} has run and the connection has released its channel. */
    public CompletionStage<Void> finished() {
        return inbox.finished();
    }

    /** The consumer's scope. */
    public Scope scope() {
        return scope;
    }

    /** The consumer's channel name; set before {@code connect()} runs. */
    public String channelName() {
        String name = inbox.channelName();
        if (name == null) {
            throw new IllegalStateException("the channel name is assigned when the connection opens,"
                    + " before connect() runs; it is not available in a constructor");
        }
        return name;
    }

    /** The channel name, or null before the connect step has made it. */
    String channelNameOrNull() {
        return inbox.channelName();
    }

    /** What this connection's JSON frames may hold. */
    public JsonLimits jsonLimits() {
        return runtime.jsonLimits;
    }

    /** The application's channel layer. */
    public ChannelLayer layer() {
        return runtime.layer;
    }

    /** Runs blocking {@code work} on the blocking pool; the stage completes with its result. */
    public <T> CompletionStage<T> runBlocking(Callable<T> work) {
        return Executors.call(runtime.blockingExecutor, work);
    }

    /**
     * Waits, from a synchronous consumer, for a layer call; bounded by the
     * {@code channels4j.layer.sync-timeout-seconds} setting.
     */
    public <T> T await(CompletionStage<T> stage, String operation) {
        return Futures.await(stage, operation, runtime.syncTimeout);
    }

    /** Accepts the connection; {@code subprotocol} must be the one the handshake agreed, or null. */
    public void accept(String subprotocol) {
        synchronized (this) {
            switch (state) {
                case CONNECTING -> {
                    Subprotocols.requireAgreed(subprotocol, transport.negotiatedSubprotocol(), scope);
                    state = State.OPEN;
                }
                case OPEN -> throw new IllegalStateException("the connection is already accepted");
                case CLOSED -> {
                    if (!closedByPeer || inbox.isDisconnected()) {
                        throw closedError("accept");
                    }
                    // The client left before connect() decided: nothing to accept, as sends are dropped.
                    return;
                }
                default -> throw new IllegalStateException("accept() belongs in connect()");
            }
        }
        transport.accepted();
    }

    /** Queues a text frame. */
    public void send(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cannot send null text");
        }
        queue(new Outbound.Text(text), "send");
    }

    /** Queues a binary frame. */
    public void send(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("cannot send null bytes");
        }
        queue(new Outbound.Binary(data.clone()), "send");
    }

    /**
     * Closes the connection after the frames already queued; before accept this denies it.
     * Closing a closed connection does nothing.
     *
     * @param code a sendable close code, or null for the default (1000 after accept, 1008 to deny)
     */
    public void close(Integer code, String reason) {
        String why = Outbound.Close.requireValid(code, reason);
        Outbound.Item first;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            int c = code != null ? code : ErrorPolicy.defaultCloseCode(state == State.OPEN);
            state = State.CLOSED;
            closeCode = c;
            first = outbound.offer(new Outbound.Close(c, why));
        }
        write(first);
    }

    // ---- for the inbox ----

    /**
     * Moves from new to connecting. Also true when the client left before this step ran: the
     * consumer still gets its channel, groups and connect(), so disconnect never runs alone.
     */
    synchronized boolean connecting() {
        if (state == State.NEW) {
            state = State.CONNECTING;
            return true;
        }
        return state == State.CLOSED;
    }

    /** {@code connect()} has returned: a connection it neither accepted nor closed is denied. */
    void connectReturned() {
        boolean undecided;
        synchronized (this) {
            undecided = state == State.CONNECTING;
        }
        if (undecided) {
            end(runtime.errors.undecided(describe()));
        }
    }

    /** Whether frames still reach the consumer: not after it closed the connection itself. */
    synchronized boolean takesFrames() {
        return state != State.CLOSED || closedByPeer;
    }

    /** Whether layer events still reach the consumer's handlers: not once the connection closed. */
    synchronized boolean takesEvents() {
        return state != State.CLOSED;
    }

    /**
     * A step or handler failed.
     *
     * @param onClientFrame whether it failed on a frame from the client, which the client may repeat at will
     */
    void failed(Throwable failure, boolean onClientFrame) {
        boolean peerGone;
        synchronized (this) {
            peerGone = closedByPeer;
        }
        end(runtime.errors.failed(describe(), failure, peerGone, onClientFrame ? clientErrorWindow() : null));
    }

    /** The channel can no longer be received from. */
    void layerFailed(Throwable failure) {
        end(runtime.errors.layerFailed(describe(), failure));
    }

    /** The disconnect step and the release of the channel are done. */
    void ended() {
        runtime.metrics.closed();
        runtime.liveConnections.remove(this);
        runtime.membershipRefresh.connectionEnded();
    }

    /** Closes because the runtime stops. */
    void stop() {
        end(runtime.errors.stopping());
    }

    /** The connection as the log names it: consumer class, path, channel. */
    String describe() {
        String name = inbox.channelName();
        return consumer.getClass().getSimpleName() + "[" + scope.path() + (name == null ? "" : " " + name) + "]";
    }

    // ---- internals ----

    private void tooBig() {
        end(runtime.errors.tooBig(describe(), intake.limit(), clientErrorWindow()));
    }

    private synchronized ClientErrorLog.Window clientErrorWindow() {
        if (clientErrors == null) {
            clientErrors = runtime.errors.clientErrorWindow();
        }
        return clientErrors;
    }

    private void end(ErrorPolicy.Closing closing) {
        if (closing != null) {
            close(closing.code(), closing.reason());
        }
    }

    private void queue(Outbound.Item item, String action) {
        Outbound.Item first;
        int dropped = 0;
        synchronized (this) {
            if (!sendable(action)) {
                runtime.metrics.dropped(1);
                return;
            }
            if (outbound.isFull()) {
                dropped = outbound.discard() + 1;
                state = State.CLOSED;
                closeCode = CloseCodes.TRY_AGAIN_LATER;
                first = null;
            } else {
                first = outbound.offer(item);
            }
        }
        if (dropped > 0) {
            overflowed(dropped);
        } else {
            write(first);
        }
    }

    /** The client does not read: its frames were dropped; close at once, not behind them. */
    private void overflowed(int dropped) {
        runtime.metrics.dropped(dropped);
        ErrorPolicy.Closing closing = runtime.errors.overflowed(describe(), runtime.outboundLimit);
        runtime.blockingExecutor.execute(() -> transport.close(closing.code(), closing.reason()));
    }

    private void write(Outbound.Item item) {
        if (item instanceof Outbound.Text t) {
            transport.sendText(t.text(), this::written);
        } else if (item instanceof Outbound.Binary b) {
            transport.sendBinary(b.data(), this::written);
        } else if (item instanceof Outbound.Close c) {
            // The container's close may block on the socket: never on the caller's thread.
            runtime.blockingExecutor.execute(() -> transport.close(c.code(), c.reason()));
        }
    }

    private void written(Throwable failure) {
        if (failure == null) {
            runtime.metrics.frameOut();
        } else {
            runtime.metrics.dropped(1);
        }
        Outbound.Item next;
        synchronized (this) {
            next = outbound.next();
        }
        write(next);
    }

    /**
     * Whether frames can be queued now (guarded by {@code this}): false for frames sent after the
     * client left (the caller counts them as dropped).
     */
    private boolean sendable(String action) {
        return switch (state) {
            case OPEN -> true;
            case CLOSED -> {
                if (closedByPeer && !inbox.finished().toCompletableFuture().isDone()) {
                    yield false;
                }
                throw closedError(action);
            }
            default -> throw new IllegalStateException("cannot " + action + " before the connection is accepted:"
                    + " call accept() first (connect() accepts by default)");
        };
    }

    private ConnectionClosedException closedError(String action) {
        return new ConnectionClosedException("cannot " + action + ": the connection was closed "
                + (closedByPeer ? "by the client" : "by the consumer") + " with code " + closeCode);
    }
}
