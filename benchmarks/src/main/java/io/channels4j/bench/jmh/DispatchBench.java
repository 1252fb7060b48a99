package io.channels4j.bench.jmh;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.internal.HandlerTable;
import io.channels4j.internal.ConsumerClasses;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openjdk.jmh.annotations.Benchmark;

/** Event dispatch by type ({@code chat.message} -> {@code chat_message}) against a direct call. */
public class DispatchBench extends AverageNanos {

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
    private final HandlerTable table = ConsumerClasses.handlers(Consumer.class);
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
