package io.channels4j.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one runtime's connections: what came in, went out, and was dropped. */
final class Metrics {

    private final LongAdder open = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder events = new LongAdder();

    void opened() {
        open.increment();
    }

    void closed() {
        open.decrement();
    }

    void frameIn() {
        messagesIn.increment();
    }

    void frameOut() {
        messagesOut.increment();
    }

    void dropped(long n) {
        dropped.add(n);
    }

    void event() {
        events.increment();
    }

    /** Connections open now. */
    long connections() {
        return open.sum();
    }

    /** Frames received from clients. */
    long messagesIn() {
        return messagesIn.sum();
    }

    /** Frames written to clients. */
    long messagesOut() {
        return messagesOut.sum();
    }

    /** Frames not written: outbound queue overflow, or sent after the client had gone. */
    long dropped() {
        return dropped.sum();
    }

    /** Channel-layer events handed to consumers. */
    long events() {
        return events.sum();
    }
}
