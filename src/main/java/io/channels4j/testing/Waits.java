package io.channels4j.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The bounded waits of a {@link WebsocketClient}'s test thread, and the failures they report. */
final class Waits {

    private Waits() {
    }

    /** Waits up to {@code timeout} for a send to be written. */
    static void sent(CompletableFuture<WebSocket> sent, String what, URI uri, Duration timeout, ReceivedFrames received) {
        try {
            sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("could not send a " + what + " to " + uri + ": " + e.getCause() + "; "
                    + received.state(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a " + what + " to " + uri + " was not written within " + timeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            throw interrupted("a send", e);
        }
    }

    /** {@code wait}, refused when negative. */
    static Duration checked(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("a wait must not be negative, got " + wait);
        }
        return wait;
    }

    /** Keeps the interrupt and fails the test. */
    static AssertionError interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new AssertionError("interrupted while waiting for " + what, e);
    }
}
