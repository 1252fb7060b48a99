package io.channels4j.internal;

import io.channels4j.layer.ChannelLayerException;
import java.util.concurrent.CompletionException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a channel-layer stage from synchronous code, with a bound and readable failures. */
final class Futures {

    /** The setting that bounds how long a synchronous consumer waits for one layer call (default 30 s). */
    static final String SYNC_TIMEOUT = "channels4j.layer.sync-timeout-seconds";

    private Futures() {
    }

    /**
     * Waits for {@code stage} and returns its value; its failure is rethrown as it is (a
     * {@code ChannelFullException} stays one).
     *
     * @throws ChannelLayerException when the stage does not complete within the timeout
     */
    static <T> T await(CompletionStage<T> stage, String operation, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException failed) {
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ChannelLayerException(operation + " failed: " + cause, cause);
        } catch (TimeoutException slow) {
            throw new ChannelLayerException(operation + " did not complete within " + timeout.toSeconds()
                    + " s (setting " + SYNC_TIMEOUT + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ChannelLayerException(operation + " was interrupted", interrupted);
        }
    }
}
