package io.channels4j.bench.jmh;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.internal.HandlerTable;
import io.channels4j.internal.HandlerTables;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Event dispatch by type ({@code chat.message} -> {@code chat_message}) against a direct call. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBench {

    /** A consumer shaped like the chat's, with a few handlers so the lookup is not trivial. */
    public static class Consumer extends AsyncJsonWebsocketConsumer {
        int calls;

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            calls++;
            return CompletableFuture.completedFuture(null);
        }

        CompletionStage<Void> chat_join(Map<String, Object> event) {
            return CompletableFuture.completedFuture(null);
        }

        CompletionStage<Void> chat_leave(Map<String, Object> event) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final Consumer consumer = new Consumer();
    private final HandlerTable table = HandlerTables.of(Consumer.class);
    private final Map<String, Object> event = Map.of("type", "chat.message", "message", "hello");

    @Benchmark
    public Object dispatchByType() throws Throwable {
        return table.dispatch(consumer, event);
    }

    @Benchmark
    public Object directCall() {
        return consumer.chat_message(event);
    }
}
