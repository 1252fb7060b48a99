package io.channels4j.internal;

import io.channels4j.EventDispatchException;
import io.channels4j.layer.internal.PresenceDiffs;
import io.channels4j.layer.internal.SendPressure;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One connection's inbound side: the serial queue of what happens to it (the connect step, each
 * frame, each channel-layer event, the disconnect step) and the consumer step each one runs.
 * Everything here runs one at a time, in arrival order, on the consumer's executor (the event
 * pool for asynchronous consumers, the blocking pool for synchronous ones).
 *
 * <p>Once the connection has closed, layer events no longer reach the consumer's handlers, nor do
 * frames after the consumer closed it itself: they are counted as dropped. {@code disconnect}
 * runs exactly once, then the channel is released and the connection reports it has finished.
 *
 * <p>Back-pressure: when the consumer's handling of a frame made a group send that found members'
 * channels full ({@link SendPressure}), the frames after it are held, in order, until those
 * channels have drained or the layer's wait has ended; layer events keep being handled meanwhile
 * (the consumer's own channel must drain too). A disconnect waits behind the held frames, which
 * are still handled (the client's frames before its close count, as in Django Channels).
 *
 * <p>Owner: the connection. The enqueue methods may be called from any thread and never block.
 */
final class Inbox {

    private static final System.Logger LOG = System.getLogger("io.channels4j");

    /** The layer's reports a consumer may handle, as events: from the layer's listener, not from the channel. */
    private static final List<String> LAYER_REPORTS = List.of("layer.down", "layer.up", "layer.node_lost");
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private sealed interface Event permits Connect, Text, Binary, LayerEvent, LayerStatus, Disconnect, Resume {
    }

    /** The wait for full channels has ended: the held frames are taken again, in order. */
    private record Resume() implements Event {
    }

    private static final Resume RESUME = new Resume();
    /**
     * Frames held while waiting for full channels; past this many the wait ends at once (the
     * channels still full are stalled), so a client that keeps sending cannot grow the hold.
     */
    static final int HELD_LIMIT = 1024;

    private record Connect() implements Event {
    }

    private record Text(String text) implements Event {
    }

    private record Binary(byte[] data) implements Event {
    }

    private record LayerEvent(Map<String, Object> message) implements Event {
    }

    /** {@code layer.down} / {@code layer.up} / {@code layer.node_lost}: from the layer's listener, not from the channel. */
    private record LayerStatus(Map<String, Object> message) implements Event {
    }

    private record Disconnect(int code) implements Event {
    }

    private final Connection connection;
    private final ConsumerClasses.ConsumerClass definition;
    private final ConsumerHooks hooks;
    private final Object consumer;
    private final Executor executor;
    private final Metrics metrics;
    private final Mailbox<Event> queue;
    private final LayerSubscription subscription;
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final SendPressure pressure = new SendPressure();
    /** The inbox's thread only: the wait for full channels a frame's group send found, or null. */
    private SendPressure.Hold holding;
    /** The inbox's thread only: frames (and a disconnect behind them) that arrived while holding. */
    private ArrayDeque<Event> held;

    Inbox(Connection connection, Object consumer, ConsumerClasses.ConsumerClass definition, ConsumerRuntime runtime) {
        this.connection = connection;
        this.consumer = consumer;
        this.definition = definition;
        this.hooks = definition.base().binder().hooks(consumer);
        this.executor = definition.async() ? runtime.eventExecutor : runtime.blockingExecutor;
        this.metrics = runtime.metrics;
        this.queue = new Mailbox<>(executor, this::handle);
        this.subscription = new LayerSubscription(runtime.layer, m -> queue.enqueue(new LayerEvent(m)),
                m -> queue.enqueue(new LayerStatus(m)), connection::layerFailed);
    }

    void connect() {
        queue.enqueue(new Connect());
    }

    void text(String text) {
        queue.enqueue(new Text(text));
    }

    void binary(byte[] data) {
        queue.enqueue(new Binary(data));
    }

    void disconnect(int code) {
        queue.enqueue(new Disconnect(code));
    }

    /** The connection's channel name, or null before the connect step made it. */
    String channelName() {
        return subscription.channelName();
    }

    /** Completes when {@code disconnect} has run and the channel has been released. */
    CompletionStage<Void> finished() {
        return finished;
    }

    /** Whether {@code disconnect} has started: the consumer's life is over. */
    boolean isDisconnected() {
        return disconnected.get();
    }

    private CompletionStage<?> handle(Event event) {
        if (event instanceof Resume) {
            return resume();
        }
        if ((isFrame(event) && (holding != null || hasHeld())) || (event instanceof Disconnect && hasHeld())) {
            hold(event);
            return DONE;
        }
        return process(event);
    }

    private CompletionStage<?> process(Event event) {
        if (event instanceof Disconnect d) {
            return disconnectStep(d.code());
        }
        if (disconnected.get()) {
            return DONE;
        }
        try {
            CompletionStage<?> stage;
            if (event instanceof Connect) {
                stage = connectStep();
            } else if (isFrame(event)) {
                stage = frame(event);
            } else if (event instanceof LayerStatus status) {
                stage = connection.takesEvents() ? dispatch(status.message()) : dropped();
            } else {
                subscription.taken();
                stage = connection.takesEvents() ? event(((LayerEvent) event).message()) : dropped();
            }
            return stage.handle((v, failure) -> {
                if (failure != null) {
                    connection.failed(unwrap(failure), isFrame(event));
                }
                return null;
            });
        } catch (Throwable failure) {
            connection.failed(failure, isFrame(event));
            return DONE;
        }
    }

    /**
     * Hands a client's frame to the consumer; when a group send it made found members' channels
     * full, the following frames wait until those have drained (or the wait ended).
     */
    private CompletionStage<?> frame(Event event) {
        if (!connection.takesFrames()) {
            return dropped();
        }
        pressure.begin();
        Wakeups woken = definition.async() ? Wakeups.begin(executor) : null;
        try {
            return event instanceof Text t ? hooks.receiveText(t.text()) : hooks.receiveBinary(((Binary) event).data());
        } finally {
            if (woken != null) {
                woken.end();
            }
            if (pressure.end()) {
                holding = pressure.hold(() -> queue.enqueue(RESUME));
            }
        }
    }

    private boolean hasHeld() {
        return held != null && !held.isEmpty();
    }

    /** Keeps a frame (or the disconnect) behind the frames already held. */
    private void hold(Event event) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(event);
        if (held.size() >= HELD_LIMIT && holding != null) {
            holding.expire();
        }
    }

    /** Takes the next held frame; the one after it follows unless this one made the connection wait again. */
    private CompletionStage<?> resume() {
        if (holding != null && !holding.hasEnded()) {
            return DONE;
        }
        holding = null;
        Event next = hasHeld() ? held.poll() : null;
        if (next == null) {
            return DONE;
        }
        CompletionStage<?> stage = process(next);
        if (holding == null && hasHeld()) {
            queue.enqueue(RESUME);
        }
        return stage;
    }

    /**
     * Checks the class, makes the channel and joins the class-level groups, then runs
     * {@code connect()}. It runs even when the client has already left, so that
     * {@code disconnect} never runs without it.
     */
    private CompletionStage<?> connectStep() {
        if (!connection.connecting()) {
            return DONE;
        }
        definition.requireValid();
        HandlerTable handlers = definition.handlers();
        Set<String> reports = LAYER_REPORTS.stream().filter(handlers::handles).collect(Collectors.toSet());
        return subscription.start(groupsToJoin(), reports)
                .thenComposeAsync(joined -> {
                    // On the handler pool, not on the thread that completed the joins: with the Redis
                    // layer that is a Lettuce I/O thread, which a sync connect() calling the layer would
                    // block until its own reply timed out.
                    subscription.receiveNext();
                    return hooks.connect();
                }, executor)
                .thenRun(connection::connectReturned);
    }

    private CompletionStage<?> event(Map<String, Object> message) {
        metrics.event();
        Object type = message.get("type");
        if (UserGroups.DISCONNECT_TYPE.equals(type)) {
            disconnectedByTheServer(message.get("code"));
            return DONE;
        }
        if (PresenceDiffs.TYPE.equals(type) && !definition.handlers().handles(PresenceDiffs.TYPE)) {
            return DONE;   // presence is told to the consumers that ask for it, as the layer's reports are
        }
        return dispatch(message);
    }

    /** The class's groups, and the authenticated user's group. */
    private List<String> groupsToJoin() {
        List<String> groups = hooks.groups();
        Optional<Principal> user = connection.scope().user();
        if (user.isEmpty()) {
            return groups;
        }
        List<String> all = new ArrayList<>(groups);
        all.add(UserGroups.of(user.get().getName()));
        return all;
    }

    /** {@code Users.disconnectUser}: closes with the event's code; a malformed event closes nothing. */
    private void disconnectedByTheServer(Object code) {
        try {
            if (!(code instanceof Number n) || n.doubleValue() != n.intValue()) {
                throw new IllegalArgumentException("its code is not a whole number: " + code);
            }
            connection.close(n.intValue(), "disconnected by the server");
        } catch (IllegalArgumentException malformed) {
            LOG.log(Level.WARNING, connection.describe() + ": ignored a " + UserGroups.DISCONNECT_TYPE + " event; "
                    + malformed.getMessage());
        }
    }

    private CompletionStage<?> dispatch(Map<String, Object> message) {
        try {
            return hooks.handlerResult(definition.handlers().dispatch(consumer, message));
        } catch (EventDispatchException unhandled) {
            try {
                return hooks.unhandledEvent(message, unhandled);
            } catch (Throwable failure) {
                return CompletableFuture.failedFuture(failure);
            }
        } catch (Throwable failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private CompletionStage<?> disconnectStep(int code) {
        if (!disconnected.compareAndSet(false, true)) {
            return DONE;
        }
        if (holding != null) {
            holding.cancel();
            holding = null;
        }
        CompletionStage<?> stage;
        try {
            stage = hooks.disconnect(code);
        } catch (Throwable failure) {
            stage = CompletableFuture.failedFuture(failure);
        }
        return stage.handle((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, connection.describe() + ": disconnect(" + code + ") failed", unwrap(failure));
            }
            return null;
        }).thenCompose(v -> subscription.end()).handle((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, connection.describe() + ": could not leave its groups", unwrap(failure));
            }
            connection.ended();
            finished.complete(null);
            return null;
        });
    }

    private CompletionStage<?> dropped() {
        metrics.dropped(1);
        return DONE;
    }

    private static boolean isFrame(Event event) {
        return event instanceof Text || event instanceof Binary;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
