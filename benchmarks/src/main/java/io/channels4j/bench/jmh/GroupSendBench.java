package io.channels4j.bench.jmh;

import io.channels4j.layer.InMemoryChannelLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * In-memory group send: one chat message to a group of {@code members}, then every member's
 * receive of it (what each member's connection does next). Divide by {@code members} for the
 * cost per member.
 */
public class GroupSendBench extends AverageNanos {

    @Param({"1", "10", "100"})
    public int members;

    private InMemoryChannelLayer layer;
    private final List<String> channels = new ArrayList<>();
    private final Map<String, Object> message = Map.of("type", "chat.message", "message", "hello, room");

    @Setup(Level.Trial)
    public void setUp() {
        layer = new InMemoryChannelLayer();
        for (int i = 0; i < members; i++) {
            String ch = layer.newChannel("specific").toCompletableFuture().join();
            layer.groupAdd("chat_bench", ch).toCompletableFuture().join();
            channels.add(ch);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layer.close();
    }

    @Benchmark
    public int groupSendAndReceive() {
        int got = layer.groupSend("chat_bench", message).toCompletableFuture().join().delivered();
        for (String ch : channels) {
            got += layer.receive(ch).toCompletableFuture().join().size();
        }
        return got;
    }
}
