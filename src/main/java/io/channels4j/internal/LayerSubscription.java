package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.LayerListener;
import io.channels4j.layer.internal.ChannelTaps;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection's place on the channel layer: its channel, the class-level groups it joins, the
 * events it takes from the channel, the layer's down/up reports, and the release of the channel
 * (with every group it joined, however it joined) when the connection ends.
 *
 * <p>Events are taken from the channel as they arrive and handed to {@code events} (the
 * connection's inbox), so they keep their place among the frames that arrive after them. At most
 * {@value #PREFETCH} taken events wait in the inbox; beyond that they stay in the channel, whose
 * capacity then pushes back on the senders.
 *
 * <p>Where the layer's channels live in this process (the in-memory layer), the channel is
 * tapped: the layer hands each message straight to the inbox, on the sender's thread, within the
 * credit of {@value #PREFETCH} given back as events leave the inbox. Elsewhere one receive at a
 * time waits on the channel.
 *
 * <p>Owner: the connection. {@link #start} runs once, on the inbox's thread; {@link #taken} on the
 * inbox's thread; receive completions and tapped messages arrive on the layer's or the senders'
 * threads. The fields are atomics or volatiles written once, or (the credit not yet given back)
 * touched only on the inbox's thread, so no lock is held anywhere.
 */
final class LayerSubscription {

    static final int PREFETCH = 100;
    /** Credit for a tapped channel is given back in batches of this many taken events. */
    private static final int CREDIT_BATCH = 16;

    private final ChannelLayer layer;
    private final ChannelTaps taps;
    private final Consumer<Map<String, Object>> events;
    private final Consumer<Map<String, Object>> statuses;
    private final Consumer<Throwable> failed;
    private final AtomicBoolean receiving = new AtomicBoolean();
    private final AtomicInteger waitingInInbox = new AtomicInteger();
    private volatile boolean ended;
    private volatile String channelName;
    private volatile CompletableFuture<Map<String, Object>> pendingReceive;
    private volatile LayerListener.Registration watch;
    private volatile boolean tapped;
    /** Events taken from the inbox whose credit is not yet given back; the inbox's thread only. */
    private int untold;

    /**
     * @param events told each event taken from the channel
     * @param statuses told {@code layer.down} / {@code layer.up} / {@code layer.node_lost} events, for consumers that handle them
     * @param failed told when the channel cannot be received from any more
     */
    LayerSubscription(ChannelLayer layer, Consumer<Map<String, Object>> events,
                      Consumer<Map<String, Object>> statuses, Consumer<Throwable> failed) {
        this.layer = layer;
        this.taps = ChannelTaps.of(layer).orElse(null);
        this.events = events;
        this.statuses = statuses;
        this.failed = failed;
    }

    /** The channel's name, or null before {@link #start} has made it. */
    String channelName() {
        return channelName;
    }

    /**
     * Makes the channel, watches the layer for the reports the consumer handles, and joins
     * {@code groups}. Receiving starts with {@link #receiveNext()}.
     */
    CompletionStage<Void> start(List<String> groups, Set<String> watched) {
        return layer.newChannel("specific").thenCompose(name -> {
            channelName = name;
            if (!watched.isEmpty()) {
                watch(watched);
            }
            CompletableFuture<?>[] joins = new CompletableFuture<?>[groups.size()];
            for (int i = 0; i < joins.length; i++) {
                joins[i] = layer.groupAdd(groups.get(i), name).toCompletableFuture();
            }
            return CompletableFuture.allOf(joins);
        });
    }

    /** An event left the inbox: there is room to take another. */
    void taken() {
        if (taps != null) {
            if (++untold >= CREDIT_BATCH && !ended) {
                taps.grant(channelName, untold);
                untold = 0;
            }
            return;
        }
        waitingInInbox.decrementAndGet();
        receiveNext();
    }

    /**
     * Starts taking the next event from the channel, unless a receive is already waiting,
     * {@value #PREFETCH} events wait in the inbox, or the subscription has ended. Each event taken
     * is handed on at once and the next receive started.
     */
    void receiveNext() {
        String name = channelName;
        if (taps != null) {
            if (name != null && !ended && !tapped) {
                tapped = true;
                taps.tap(name, events, PREFETCH);
            }
            return;
        }
        if (name == null || ended || waitingInInbox.get() >= PREFETCH || !receiving.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Map<String, Object>> next;
        try {
            next = layer.receive(name).toCompletableFuture();
        } catch (RuntimeException layerFailed) {
            failed.accept(layerFailed);
            return;
        }
        pendingReceive = next;
        if (ended) {
            next.cancel(false);
            return;
        }
        next.whenComplete((message, failure) -> {
            if (failure == null) {
                waitingInInbox.incrementAndGet();
                events.accept(message);
                receiving.set(false);
                receiveNext();
            } else if (!next.isCancelled() && !ended) {
                failed.accept(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
    }

    /**
     * Stops receiving and watching, and releases the channel: it leaves every group it joined.
     *
     * @return a stage that completes when the layer has released the channel
     */
    CompletionStage<Void> end() {
        ended = true;
        if (tapped) {
            taps.untap(channelName);
        }
        CompletableFuture<Map<String, Object>> receive = pendingReceive;
        if (receive != null) {
            receive.cancel(false);
        }
        LayerListener.Registration w = watch;
        if (w != null) {
            w.remove();
        }
        String name = channelName;
        return name == null ? CompletableFuture.completedFuture(null) : layer.releaseChannel(name);
    }

    /** Passes on the layer's reports whose event types are in {@code watched}. */
    private void watch(Set<String> watched) {
        watch = layer.addListener(new LayerListener() {
            @Override
            public void layerDown(ChannelLayerException cause) {
                report(watched, Map.of("type", "layer.down"));
            }

            @Override
            public void layerUp(long lost) {
                report(watched, Map.of("type", "layer.up", "lost", lost));
            }

            @Override
            public void nodeLost(String node, long groups, long memberships) {
                report(watched, Map.of("type", "layer.node_lost", "node", node, "groups", groups,
                        "memberships", memberships));
            }
        });
        if (ended) {
            watch.remove();
        }
    }

    private void report(Set<String> watched, Map<String, Object> event) {
        if (!ended && watched.contains(event.get("type"))) {
            statuses.accept(event);
        }
    }
}
