package io.channels4j.internal;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.Sweeper;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Keeps the open connections of one runtime in their groups: at half the layer's group expiry it
 * asks the layer to refresh each open connection's memberships, so that a socket open for longer
 * than {@code group_expiry} (a day by default) does not silently drop out of its groups. It runs
 * on the layers' shared housekeeping thread only while the runtime has open connections (it is
 * cancelled when the last one ends), and never for a layer whose memberships do not lapse.
 *
 * <p>Owner: the runtime. {@link #connectionOpened} may be called from any thread.
 */
final class MembershipRefresh {

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    private final ChannelLayer layer;
    private final Collection<Connection> connections;
    private final Function<Connection, String> channelOf;
    private final Duration period;
    private final AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    MembershipRefresh(ChannelLayer layer, Collection<Connection> connections, Function<Connection, String> channelOf) {
        this.layer = layer;
        this.connections = connections;
        this.channelOf = channelOf;
        this.period = layer.groupExpiry().map(expiry -> max(expiry.dividedBy(2), SHORTEST)).orElse(null);
    }

    /** A connection opened (it is among the connections already): make sure the refresh runs. */
    void connectionOpened() {
        if (period == null || task.get() != null) {
            return;
        }
        synchronized (this) {
            if (task.get() == null && !connections.isEmpty()) {
                task.set(Sweeper.every(period, this::refresh));
            }
        }
    }

    /**
     * A connection ended (it has left the connections): with none left, the refresh stops, so the
     * housekeeping thread can end and an undeployed application leaves nothing scheduled.
     */
    void connectionEnded() {
        if (task.get() == null || !connections.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (connections.isEmpty()) {
                ScheduledFuture<?> running = task.getAndSet(null);
                if (running != null) {
                    running.cancel(false);
                }
            }
        }
    }

    private void refresh() {
        for (Connection c : connections) {
            String channel = channelOf.apply(c);
            if (channel == null) {
                continue;   // its connect step has not made the channel yet
            }
            try {
                layer.refreshMemberships(channel).whenComplete((done, failure) -> {
                    if (failure != null) {
                        logOnce(failure);
                    }
                });
            } catch (RuntimeException failure) {
                logOnce(failure);
            }
        }
    }

    private void logOnce(Throwable failure) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "could not refresh group memberships (logged once; retried at each refresh)",
                    failure);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
