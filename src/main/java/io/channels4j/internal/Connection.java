package io.channels4j.internal;

import io.channels4j.CloseCodes;
import io.channels4j.ConnectionClosedException;
import io.channels4j.EventDispatchException;
import io.channels4j.Scope;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.LayerListener;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind one consumer: its lifecycle state, its serial inbox of socket frames and
 * layer events, its bounded outbound queue, its channel and the groups it joined.
 *
 * <p>Threads: the container calls {@link #opened}, {@link #text}, {@link #binary} and
 * {@link #closed} on its I/O threads; they only enqueue. Handlers run on the runtime's executors,
 * one event at a time. The consumer's actions ({@link #accept}, {@link #send}, {@link #close}) may
 * come from any thread; the lifecycle state is guarded by {@code this}.
 *
 * <p>Order: layer events are taken from the channel as they arrive and queued in the inbox beside
 * the frames, so both keep their arrival order while a handler is busy. At most
 * {@value #PREFETCH} events wait in the inbox; beyond that they stay in the channel, whose
 * capacity then pushes back on the senders.
 */
public final class Connection {

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final int MAX_REASON_BYTES = 123;
    private static final int PREFETCH = 100;

    private enum State { NEW, CONNECTING, OPEN, CLOSED }

    private sealed interface Event permits Connect, Text, Binary, LayerEvent, LayerStatus, Disconnect {
    }

    private record Connect() implements Event {
    }

    private record Text(String text) implements Event {
    }

    private record Binary(byte[] data) implements Event {
    }

    private record LayerEvent(Map<String, Object> message) implements Event {
    }

    /** {@code layer.down} / {@code layer.up}: from the layer's listener, not from the channel. */
    private record LayerStatus(Map<String, Object> message) implements Event {
    }

    private record Disconnect(int code) implements Event {
    }

    private final Object consumer;
    private final ConsumerHooks hooks;
    private final HandlerTable handlers;
    private final Transport transport;
    private final ConsumerRuntime runtime;
    private final Scope scope;
    private final Mailbox<Event> inbox;
    /** Runs this consumer's handlers: the event pool (asynchronous consumers) or the blocking pool. */
    private final Executor handlerExecutor;
    private final Outbound outbound;
    private final Set<String> joinedGroups = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private final AtomicBoolean receiving = new AtomicBoolean();
    private final AtomicInteger eventsWaiting = new AtomicInteger();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ChannelLayer layerView;
    private State state = State.NEW;
    private boolean closedByPeer;
    private int closeCode;
    private volatile String channelName;
    private volatile CompletableFuture<Map<String, Object>> pendingReceive;
    private volatile LayerListener.Registration layerWatch;

    /**
     * @param consumer the consumer instance, whose handlers {@code handlers} dispatches to
     * @param async whether handlers run on the event pool (asynchronous consumers) or the blocking pool
     */
    private Connection(Object consumer, ConsumerHooks hooks, HandlerTable handlers, boolean async,
                      Transport transport, ConsumerRuntime runtime, Scope scope) {
        this.consumer = consumer;
        this.hooks = hooks;
        this.handlers = handlers;
        this.transport = transport;
        this.runtime = runtime;
        this.scope = scope;
        this.handlerExecutor = async ? runtime.eventExecutor() : runtime.blockingExecutor();
        this.inbox = new Mailbox<>(handlerExecutor, this::handle);
        this.outbound = new Outbound(transport, runtime.blockingExecutor(), runtime.outboundLimit(),
                runtime.metrics(), this::outboundOverflowed);
        this.layerView = new TrackingLayer(runtime.layer(), this);
    }

    /**
     * Creates the connection of {@code consumer} and attaches it, so the consumer can act as soon
     * as {@link #opened()} runs its connect step.
     */
    public static Connection bind(Object consumer, Transport transport, ConsumerRuntime runtime, Scope scope) {
        ConsumerBinding.Binder binder = ConsumerBinding.of(consumer);
        Connection connection = new Connection(consumer, binder.hooks(consumer), HandlerTables.of(consumer.getClass()),
                binder.async(), transport, runtime, scope);
        binder.attach(consumer, connection);
        return connection;
    }

    // ---- container side: called on I/O threads, never blocks ----

    /** The handshake completed: runs the connect step. */
    public void opened() {
        runtime.metrics().opened();
        runtime.live().add(this);
        inbox.enqueue(new Connect());
    }

    /** A text frame arrived. */
    public void text(String text) {
        runtime.metrics().frameIn();
        inbox.enqueue(new Text(text));
    }

    /** A binary frame arrived. */
    public void binary(byte[] data) {
        runtime.metrics().frameIn();
        inbox.enqueue(new Binary(data));
    }

    /**
     * The connection is closed, by either side or by a network failure. When this side closed
     * first, {@code disconnect} gets the code this side sent, not the one the container reports
     * (which may be the client's reply, or 1006 when the client vanished meanwhile).
     */
    public void closed(int code) {
        int disconnectCode;
        synchronized (this) {
            if (state != State.CLOSED) {
                state = State.CLOSED;
                closedByPeer = true;
                closeCode = code;
            }
            disconnectCode = closeCode;
        }
        outbound.discard();
        inbox.enqueue(new Disconnect(disconnectCode));
    }

    /** The container reported an error on the connection; it closes the connection afterwards. */
    public void failed(Throwable error) {
        LOG.log(Level.DEBUG, () -> describe() + ": transport error", error);
    }

    // ---- consumer side ----

    /** Completes when {@code disconnect} has run and the connection has left its groups and channel. */
    public CompletionStage<Void> finished() {
        return finished;
    }

    /** The consumer's scope. */
    public Scope scope() {
        return scope;
    }

    /** The consumer's channel name; set before {@code connect()} runs. */
    public String channelName() {
        String name = channelName;
        if (name == null) {
            throw new IllegalStateException("the channel name is assigned when the connection opens,"
                    + " before connect() runs; it is not available in a constructor");
        }
        return name;
    }

    /** The layer as the consumer sees it: group joins of its own channel are tracked and undone. */
    public ChannelLayer layer() {
        return layerView;
    }

    /** The executor for blocking work. */
    public Executor blockingExecutor() {
        return runtime.blockingExecutor();
    }

    /** Accepts the connection; {@code subprotocol} must be the one the handshake agreed, or null. */
    public synchronized void accept(String subprotocol) {
        switch (state) {
            case CONNECTING -> {
                String agreed = transport.negotiatedSubprotocol();
                if (subprotocol != null && !subprotocol.equals(agreed)) {
                    throw new IllegalArgumentException("cannot accept with subprotocol '" + subprotocol
                            + "': the handshake agreed on " + (agreed.isEmpty() ? "none" : "'" + agreed + "'")
                            + " (the client offered " + offered() + "); list the subprotocols the endpoint"
                            + " supports in @ServerEndpoint(subprotocols = ...) and accept the one agreed");
                }
                state = State.OPEN;
                transport.accepted();
            }
            case OPEN -> throw new IllegalStateException("the connection is already accepted");
            case CLOSED -> {
                if (!closedByPeer || disconnected.get()) {
                    throw closedError("accept");
                }
                // The client left before connect() decided: nothing to accept, as sends are dropped.
            }
            default -> throw new IllegalStateException("accept() belongs in connect()");
        }
    }

    /** Queues a text frame. */
    public void send(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cannot send null text");
        }
        synchronized (this) {
            if (sendable("send")) {
                outbound.text(text);
            }
        }
    }

    /** Queues a binary frame. */
    public void send(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("cannot send null bytes");
        }
        synchronized (this) {
            if (sendable("send")) {
                outbound.binary(data.clone());
            }
        }
    }

    /**
     * Closes the connection after the frames already queued; before accept this denies it.
     *
     * @param code a sendable close code, or null for the default (1000 after accept, 1008 to deny)
     */
    public void close(Integer code, String reason) {
        if (code != null) {
            CloseCodes.requireSendable(code);
        }
        String why = reason == null ? "" : reason;
        if (why.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason must fit in " + MAX_REASON_BYTES
                    + " UTF-8 bytes, got " + why.getBytes(StandardCharsets.UTF_8).length);
        }
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            int c = code != null ? code : state == State.OPEN ? CloseCodes.NORMAL : CloseCodes.POLICY_VIOLATION;
            state = State.CLOSED;
            closeCode = c;
            outbound.close(c, why);
        }
    }

    // ---- events ----

    private CompletionStage<?> handle(Event event) {
        try {
            CompletionStage<?> stage;
            if (event instanceof Disconnect d) {
                return disconnect(d.code());
            }
            if (disconnected.get()) {
                return DONE;
            }
            if (event instanceof Connect) {
                stage = connect();
            } else if (event instanceof Text t) {
                stage = isClosedByConsumer() ? DONE : hooks.receiveText(t.text());
            } else if (event instanceof Binary b) {
                stage = isClosedByConsumer() ? DONE : hooks.receiveBinary(b.data());
            } else if (event instanceof LayerStatus status) {
                stage = isClosedByConsumer() ? DONE : hooks.handlerResult(handlers.dispatch(consumer, status.message()));
            } else {
                stage = dispatch(((LayerEvent) event).message());
            }
            return stage.handle((v, failure) -> {
                if (failure != null) {
                    handlerFailed(unwrap(failure));
                }
                return null;
            });
        } catch (Throwable failure) {
            handlerFailed(failure);
            return DONE;
        }
    }

    private CompletionStage<?> connect() {
        synchronized (this) {
            if (state == State.NEW) {
                state = State.CONNECTING;
            } else if (state != State.CLOSED) {
                return DONE;
            }
            // CLOSED: the connection ended before this step ran (the client left at once). The
            // consumer still gets its channel, groups and connect(), so disconnect never runs alone.
        }
        handlers.requireValid();
        return runtime.layer().newChannel("specific").thenCompose(name -> {
            channelName = name;
            watchLayer();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            for (String group : hooks.groups()) {
                joins.add(layerView.groupAdd(group, name).toCompletableFuture());
            }
            return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new));
        }).thenComposeAsync(joined -> {
            // On the handler pool, not on the thread that completed the joins: with the Redis
            // layer that is a Lettuce I/O thread, which a sync connect() calling the layer would
            // block until its own reply timed out.
            receiveNext();
            return hooks.connect();
        }, handlerExecutor).thenRun(() -> {
            boolean undecided;
            synchronized (this) {
                undecided = state == State.CONNECTING;
            }
            if (undecided) {
                LOG.log(Level.WARNING, describe() + ": connect() returned without accept() or close();"
                        + " denying the connection");
                close(CloseCodes.POLICY_VIOLATION, "connection not accepted");
            }
        });
    }

    private CompletionStage<?> dispatch(Map<String, Object> message) {
        eventsWaiting.decrementAndGet();
        receiveNext();
        runtime.metrics().event();
        CompletionStage<?> stage;
        try {
            stage = hooks.handlerResult(handlers.dispatch(consumer, message));
        } catch (EventDispatchException unhandled) {
            try {
                stage = hooks.unhandledEvent(message, unhandled);
            } catch (Throwable failure) {
                stage = CompletableFuture.failedFuture(failure);
            }
        } catch (Throwable failure) {
            stage = CompletableFuture.failedFuture(failure);
        }
        return stage;
    }

    private CompletionStage<?> disconnect(int code) {
        if (!disconnected.compareAndSet(false, true)) {
            return DONE;
        }
        CompletionStage<?> stage;
        try {
            stage = hooks.disconnect(code);
        } catch (Throwable failure) {
            stage = CompletableFuture.failedFuture(failure);
        }
        return stage.handle((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, describe() + ": disconnect(" + code + ") failed", unwrap(failure));
            }
            return null;
        }).thenCompose(v -> leaveEverything());
    }

    private CompletionStage<?> leaveEverything() {
        CompletableFuture<Map<String, Object>> receiving = pendingReceive;
        if (receiving != null) {
            receiving.cancel(false);
        }
        LayerListener.Registration watch = layerWatch;
        if (watch != null) {
            watch.remove();
        }
        String name = channelName;
        List<CompletableFuture<Void>> leaves = new ArrayList<>();
        if (name != null) {
            for (String group : joinedGroups) {
                leaves.add(runtime.layer().groupDiscard(group, name).toCompletableFuture());
            }
        }
        joinedGroups.clear();
        return CompletableFuture.allOf(leaves.toArray(CompletableFuture[]::new)).handle((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, describe() + ": could not leave its groups", unwrap(failure));
            }
            runtime.metrics().closed();
            runtime.live().remove(this);
            finished.complete(null);
            return null;
        });
    }

    /**
     * Tells a consumer that declares {@code layer_down} / {@code layer_up} handlers when the layer's
     * store goes down and comes back ({@code {"type": "layer.down"}}, {@code {"type": "layer.up",
     * "lost": n}}), through its inbox like any event. Consumers without them are not told, and
     * nothing else changes for them: their receives wait for the layer to come back.
     */
    private void watchLayer() {
        boolean down = handlers.handles("layer.down");
        boolean up = handlers.handles("layer.up");
        if (!down && !up) {
            return;
        }
        layerWatch = runtime.layer().addListener(new LayerListener() {
            @Override
            public void layerDown(ChannelLayerException cause) {
                if (down && !disconnected.get()) {
                    inbox.enqueue(new LayerStatus(Map.of("type", "layer.down")));
                }
            }

            @Override
            public void layerUp(long lost) {
                if (up && !disconnected.get()) {
                    inbox.enqueue(new LayerStatus(Map.of("type", "layer.up", "lost", lost)));
                }
            }
        });
        if (disconnected.get()) {
            layerWatch.remove();
        }
    }

    /**
     * Starts taking the next event from the channel, unless a receive is already waiting or
     * {@value #PREFETCH} events wait in the inbox. Each event taken is queued at once and the next
     * receive started, so an event keeps its place among the frames that arrive after it.
     */
    private void receiveNext() {
        String name = channelName;
        if (name == null || disconnected.get() || eventsWaiting.get() >= PREFETCH
                || !receiving.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Map<String, Object>> next;
        try {
            next = runtime.layer().receive(name).toCompletableFuture();
        } catch (RuntimeException layerFailed) {
            LOG.log(Level.ERROR, describe() + ": cannot receive from the channel layer; closing", layerFailed);
            close(CloseCodes.INTERNAL_ERROR, "channel layer unavailable");
            return;
        }
        pendingReceive = next;
        if (disconnected.get()) {
            next.cancel(false);
            return;
        }
        next.whenComplete((message, failure) -> {
            if (failure == null) {
                eventsWaiting.incrementAndGet();
                inbox.enqueue(new LayerEvent(message));
                receiving.set(false);
                receiveNext();
            } else if (!next.isCancelled() && !disconnected.get()) {
                LOG.log(Level.ERROR, describe() + ": channel layer receive failed; closing", unwrap(failure));
                close(CloseCodes.INTERNAL_ERROR, "channel layer unavailable");
            }
        });
    }

    // ---- failures ----

    private void handlerFailed(Throwable failure) {
        boolean peerGone;
        synchronized (this) {
            peerGone = closedByPeer;
        }
        if (failure instanceof ConnectionClosedException && peerGone) {
            LOG.log(Level.DEBUG, () -> describe() + ": " + failure.getMessage());
            return;
        }
        LOG.log(Level.WARNING, describe() + ": handler failed; closing with " + CloseCodes.forFailure(failure),
                failure);
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        close(CloseCodes.forFailure(failure), truncate(reason));
    }

    private void outboundOverflowed() {
        LOG.log(Level.WARNING, describe() + ": more than " + runtime.outboundLimit()
                + " frames waiting for a client that is not reading; dropped them and closing with 1013");
        synchronized (this) {
            state = State.CLOSED;
            closeCode = CloseCodes.TRY_AGAIN_LATER;
        }
        runtime.blockingExecutor().execute(() -> transport.close(CloseCodes.TRY_AGAIN_LATER, "client too slow"));
    }

    /** Whether frames can be queued now; drops (and counts) frames sent after the client left. */
    private boolean sendable(String action) {
        switch (state) {
            case OPEN:
                return true;
            case CLOSED:
                if (closedByPeer && !finished.isDone()) {
                    runtime.metrics().dropped(1);
                    return false;
                }
                throw closedError(action);
            default:
                throw new IllegalStateException("cannot " + action + " before the connection is accepted:"
                        + " call accept() first (connect() accepts by default)");
        }
    }

    private synchronized boolean isClosedByConsumer() {
        return state == State.CLOSED && !closedByPeer;
    }

    private ConnectionClosedException closedError(String action) {
        return new ConnectionClosedException("cannot " + action + ": the connection was closed "
                + (closedByPeer ? "by the client" : "by the consumer") + " with code " + closeCode);
    }

    // ---- tracking of groups joined by this connection's channel ----

    void joined(String group) {
        joinedGroups.add(group);
    }

    void left(String group) {
        joinedGroups.remove(group);
    }

    boolean isOwnChannel(String channel) {
        return channel != null && channel.equals(channelName);
    }

    private String offered() {
        try {
            return scope.subprotocols().toString();
        } catch (IllegalStateException notCaptured) {
            return "(not captured without ConsumerConfigurator)";
        }
    }

    private String describe() {
        return consumer.getClass().getSimpleName() + "[" + scope.path() + (channelName == null ? "" : " " + channelName)
                + "]";
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /**
     * Cuts a failure message to a close reason of at most 123 UTF-8 bytes, between whole
     * characters. Every char takes at least one byte, so the first 123 chars are all that can fit.
     */
    private static String truncate(String reason) {
        int end = Math.min(reason.length(), MAX_REASON_BYTES);
        if (end < reason.length() && Character.isLowSurrogate(reason.charAt(end))) {
            end--;
        }
        String r = reason.substring(0, end).replace('\n', ' ');
        while (r.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            r = r.substring(0, r.offsetByCodePoints(r.length(), -1));
        }
        return r;
    }
}
