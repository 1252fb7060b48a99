package io.channels4j.redis;

import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.LayerListener;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Whether the layer's Redis hosts answer, told to {@link LayerListener}s: the layer is down while
 * any host is, and up again when every host is. Counts the messages lost while down.
 *
 * <p>Owner of its state: itself, under its monitor. Listeners are called outside the monitor on
 * the thread that noticed the change.
 */
final class Availability {

    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");

    private final CopyOnWriteArrayList<LayerListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Integer> downHosts = new HashSet<>();
    private final IntConsumer hostWentDown;
    private final IntFunction<CompletionStage<?>> hostCameBack;
    private final IntFunction<String> describe;
    private long lostWhileDown;
    private long downSinceNanos;
    private volatile boolean anyDown;

    /**
     * @param hostWentDown called once when a host stops answering (start probing it)
     * @param hostCameBack called once when it answers again (restore it); the layer is reported
     *     up after the returned stage completes
     */
    Availability(IntConsumer hostWentDown, IntFunction<CompletionStage<?>> hostCameBack, IntFunction<String> describe) {
        this.hostWentDown = hostWentDown;
        this.hostCameBack = hostCameBack;
        this.describe = describe;
    }

    LayerListener.Registration add(LayerListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether some host is down right now. */
    boolean isDown() {
        return anyDown;
    }

    /** A host failed to answer. */
    void unreachable(int host, ChannelLayerException cause) {
        boolean hostDown;
        boolean layerDown;
        synchronized (this) {
            hostDown = downHosts.add(host);
            layerDown = hostDown && downHosts.size() == 1;
            if (layerDown) {
                downSinceNanos = System.nanoTime();
            }
            anyDown = true;
        }
        if (hostDown) {
            LOG.log(Level.WARNING, "Redis at " + describe.apply(host) + " is unreachable; sends fail until it"
                    + " is back, receivers wait: " + cause.getMessage());
            hostWentDown.accept(host);
        }
        if (layerDown) {
            for (LayerListener listener : listeners) {
                call(() -> listener.layerDown(cause));
            }
        }
    }

    /** A host answered. Cheap when nothing is down. */
    void reachable(int host) {
        if (!anyDown) {
            return;
        }
        boolean hostBack;
        boolean layerBack;
        long lost = 0;
        long downMillis = 0;
        synchronized (this) {
            hostBack = downHosts.remove(host);
            layerBack = hostBack && downHosts.isEmpty();
            if (layerBack) {
                anyDown = false;
                lost = lostWhileDown;
                lostWhileDown = 0;
                downMillis = (System.nanoTime() - downSinceNanos) / 1_000_000;
            }
        }
        if (!hostBack) {
            return;
        }
        LOG.log(Level.INFO, "Redis at " + describe.apply(host) + " answers again");
        long lostTotal = lost;
        long downFor = downMillis;
        CompletionStage<?> restored;
        try {
            restored = hostCameBack.apply(host);
        } catch (RuntimeException e) {
            restored = CompletableFuture.failedFuture(e);
        }
        restored.whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "could not restore this layer's state on " + describe.apply(host), failure);
            }
            if (layerBack) {
                LOG.log(lostTotal == 0 ? Level.INFO : Level.WARNING, "the Redis channel layer is back after "
                        + downFor + " ms down; " + lostTotal + " message(s) could not be queued meanwhile"
                        + " (their senders saw the failure)");
                for (LayerListener listener : listeners) {
                    call(() -> listener.layerUp(lostTotal));
                }
            }
        });
    }

    /** Tells the listeners that {@code node} was found dead and pruned. */
    void nodeLost(String node, long groups, long memberships) {
        for (LayerListener listener : listeners) {
            call(() -> listener.nodeLost(node, groups, memberships));
        }
    }

    /** {@code messages} could not be queued because a host was down. */
    synchronized void lost(long messages) {
        lostWhileDown += messages;
    }

    private static void call(Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a channel layer listener failed", e);
        }
    }
}
