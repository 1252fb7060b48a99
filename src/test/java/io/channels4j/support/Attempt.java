package io.channels4j.support;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An action a consumer tries on its own thread, and what it threw, handed to the test thread:
 * the consumer calls {@link #run}, the test calls {@link #failure()}.
 */
public final class Attempt {

    private final CompletableFuture<Optional<Throwable>> result = new CompletableFuture<>();

    /**
     * Runs {@code action} and records whether it threw; the first run wins.
     *
     * @return whether the action completed normally
     */
    public boolean run(Runnable action) {
        try {
            action.run();
            result.complete(Optional.empty());
            return true;
        } catch (RuntimeException | Error e) {
            result.complete(Optional.of(e));
            return false;
        }
    }

    /**
     * Runs {@code action}, which returns a stage, and records what it threw or, once the stage has
     * completed, what the stage failed with; the first outcome wins.
     *
     * @return a stage that completes normally once the outcome is recorded
     */
    public CompletionStage<Void> runStage(Supplier<? extends CompletionStage<?>> action) {
        CompletionStage<?> stage;
        try {
            stage = action.get();
        } catch (RuntimeException | Error e) {
            result.complete(Optional.of(e));
            return CompletableFuture.completedFuture(null);
        }
        return stage.handle((value, failure) -> {
            result.complete(Optional.ofNullable(failure instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : failure));
            return null;
        });
    }

    /** Runs {@code action}, records what it threw, and returns its value or {@code fallback}. */
    public <T> T get(Supplier<T> action, T fallback) {
        try {
            T value = action.get();
            result.complete(Optional.empty());
            return value;
        } catch (RuntimeException | Error e) {
            result.complete(Optional.of(e));
            return fallback;
        }
    }

    /**
     * What the action threw, or {@code null} when it completed normally; waits up to 2 s.
     *
     * @throws AssertionError when the consumer never ran the action
     */
    public Throwable failure() {
        try {
            return result.get(2, TimeUnit.SECONDS).orElse(null);
        } catch (TimeoutException e) {
            throw new AssertionError("the consumer did not try the action within 2 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }
}
