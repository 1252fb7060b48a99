package io.channels4j.testing;

import io.channels4j.internal.Transport;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What a consumer driven by a {@link WebsocketCommunicator} does to its "socket", recorded in
 * order: the accept, each frame, the close. Stands in for the container's session.
 */
final class ConsumerOutputs implements Transport {

    /** One thing the consumer did. */
    sealed interface Output permits Sent, Accepted, Closed {
    }

    record Sent(WebsocketCommunicator.Frame frame) implements Output {
    }

    record Accepted() implements Output {
    }

    record Closed(int code, String reason) implements Output {
    }

    private final BlockingDeque<Output> outputs = new LinkedBlockingDeque<>();
    private final String agreedSubprotocol;
    private final IntConsumer closedByConsumer;
    private volatile Closed closed;

    /** @param closedByConsumer told the code, on another thread, when the consumer closes (as a container does) */
    ConsumerOutputs(String agreedSubprotocol, IntConsumer closedByConsumer) {
        this.agreedSubprotocol = agreedSubprotocol;
        this.closedByConsumer = closedByConsumer;
    }

    /** The next output, waiting up to {@code timeout}; fails the test saying what it waited for. */
    Output next(Duration timeout, String what) {
        try {
            Output out = outputs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (out == null) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /**
     * The next output, which must be a {@code kind}, waiting up to {@code timeout}; otherwise fails
     * the test saying what it expected (e.g. "a frame from the consumer") and what the consumer did instead.
     */
    <T extends Output> T next(Class<T> kind, Duration timeout, String expected) {
        Output out = next(timeout, expected);
        if (kind.isInstance(out)) {
            return kind.cast(out);
        }
        throw new AssertionError("expected " + expected + " but the consumer " + describe(out));
    }

    /** Whether nothing comes within {@code timeout}; what comes stays first in line. */
    boolean nothingWithin(Duration timeout) {
        try {
            Output first = outputs.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (first == null) {
                return true;
            }
            outputs.offerFirst(first);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outputs.isEmpty();
        }
    }

    /** The consumer's close, or null while it has not closed. */
    Closed closed() {
        return closed;
    }

    /** The output in words, for a failure message. */
    static String describe(Output out) {
        if (out instanceof Closed c) {
            return "closed the connection with " + c.code() + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")");
        }
        return out instanceof Accepted ? "accepted again" : "sent " + ((Sent) out).frame();
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        outputs.add(new Sent(new WebsocketCommunicator.Frame(text, null)));
        done.accept(null);
    }

    @Override
    public void sendBinary(byte[] data, Consumer<Throwable> done) {
        outputs.add(new Sent(new WebsocketCommunicator.Frame(null, data.clone())));
        done.accept(null);
    }

    @Override
    public void close(int code, String reason) {
        Closed c = new Closed(code, reason);
        closed = c;
        outputs.add(c);
        CompletableFuture.runAsync(() -> closedByConsumer.accept(code));
    }

    @Override
    public void accepted() {
        outputs.add(new Accepted());
    }

    @Override
    public String negotiatedSubprotocol() {
        return agreedSubprotocol;
    }
}
