package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One connection's frames and events are handled one at a time, in arrival order, even when each
 * handler completes later; and a slow connection delays nobody else.
 */
class OrderingIT {

    private static ScheduledExecutorService timer;
    private static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();

    /**
     * Answers each number after an asynchronous delay that differs from its neighbours', so that
     * handling two at once would reorder the answers; records how many handlers ever overlapped.
     */
    @ServerEndpoint("/ws/delayed/")
    public static class Delayed extends AsyncWebsocketConsumer {
        private final AtomicInteger inFlight = new AtomicInteger();

        @Override
        protected CompletionStage<Void> connect() {
            return accept().thenCompose(v -> send(channelName()));
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return later(Integer.parseInt(text));
        }

        CompletionStage<Void> numbered_event(Map<String, Object> event) {
            return later(((Number) event.get("n")).intValue());
        }

        private CompletionStage<Void> later(int n) {
            MOST_IN_FLIGHT.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<Void> delay = new CompletableFuture<>();
            timer.schedule(() -> delay.complete(null), 4 - n % 5, TimeUnit.MILLISECONDS);
            return delay.thenCompose(v -> send("answer " + n)).whenComplete((v, t) -> inFlight.decrementAndGet());
        }
    }

    /** Blocks its worker thread for 2 s per frame, as a synchronous consumer may. */
    @ServerEndpoint("/ws/slow/")
    public static class Slow extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send("slow answer to " + text);
        }
    }

    @ServerEndpoint("/ws/fast/sync/")
    public static class FastSync extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send("sync " + text);
        }
    }

    @ServerEndpoint("/ws/fast/async/")
    public static class FastAsync extends AsyncWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receive(String text) {
            return send("async " + text);
        }
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        timer = Executors.newSingleThreadScheduledExecutor();
        server = EmbeddedServer.builder().endpoint(Delayed.class, Slow.class, FastSync.class, FastAsync.class)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        timer.shutdownNow();
    }

    private static WebsocketClient connect(String path) {
        return WebsocketClient.connect(server.wsUri().resolve(path));
    }

    private static List<String> answers(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> "answer " + n).collect(Collectors.toList());
    }

    private static List<String> receive(WebsocketClient client, int count) {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(client.receiveText());
        }
        return received;
    }

    @Test
    void fiveHundredFramesAnsweredAfterAsyncDelaysComeBackInOrder() {
        MOST_IN_FLIGHT.set(0);
        try (WebsocketClient client = connect("ws/delayed/")) {
            client.receiveText();
            for (int n = 0; n < 500; n++) {
                client.send(Integer.toString(n));
            }
            assertThat(receive(client, 500)).containsExactlyElementsOf(answers(0, 500));
        }
        assertThat(MOST_IN_FLIGHT.get()).as("handlers of one connection running at once").isEqualTo(1);
    }

    @Test
    void layerEventsAnsweredAfterAsyncDelaysComeBackInOrder() {
        MOST_IN_FLIGHT.set(0);
        try (WebsocketClient client = connect("ws/delayed/")) {
            String channel = client.receiveText();
            for (int n = 0; n < 100; n++) {
                server.channelLayer().send(channel, Map.of("type", "numbered.event", "n", n))
                        .toCompletableFuture().join();
            }
            assertThat(receive(client, 100)).containsExactlyElementsOf(answers(0, 100));
        }
        assertThat(MOST_IN_FLIGHT.get()).as("handlers of one connection running at once").isEqualTo(1);
    }

    @Test
    void slowSyncConsumersDoNotDelayFastConsumersOnOtherConnections() {
        List<WebsocketClient> slow = new ArrayList<>();
        try (WebsocketClient fastSync = connect("ws/fast/sync/");
             WebsocketClient fastAsync = connect("ws/fast/async/")) {
            for (int i = 0; i < 4; i++) {
                WebsocketClient client = connect("ws/slow/");
                slow.add(client);
                client.send("job " + i);
            }
            fastSync.send("ping");
            fastAsync.send("ping");
            assertThat(fastSync.receiveText()).isEqualTo("sync ping");
            assertThat(fastAsync.receiveText()).isEqualTo("async ping");
            for (WebsocketClient client : slow) {
                assertThat(client.receiveNothing(Duration.ZERO))
                        .as("the slow consumers are still busy when the fast ones have answered").isTrue();
            }
            for (int i = 0; i < slow.size(); i++) {
                assertThat(slow.get(i).receiveText()).isEqualTo("slow answer to job " + i);
            }
        } finally {
            slow.forEach(WebsocketClient::close);
        }
    }
}
