package io.channels4j.internal;

import io.channels4j.layer.ChannelLayerException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a channel-layer stage from synchronous code, with a bound and readable failures. */
public final class Futures {

    /** How long a synchronous consumer waits for one layer call (default 30 s). */
    private static final long TIMEOUT_SECONDS = Long.getLong("channels4j.layer.sync-timeout-seconds", 30);

    private Futures() {
    }

    /**
     * Waits for {@code stage} and returns its value; its failure is rethrown as it is (a
     * {@code ChannelFullException} stays one).
     *
     * @throws ChannelLayerException when the stage does not complete within the timeout
     */
    public static <T> T await(CompletionStage<T> stage, String operation) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
            throw new ChannelLayerException(operation + " did not complete within " + TIMEOUT_SECONDS
                    + " s (system property channels4j.layer.sync-timeout-seconds)");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ChannelLayerException(operation + " was interrupted", interrupted);
        }
    }
}
