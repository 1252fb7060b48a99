package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure over real sockets: senders whose group sends find a slow member's channel full
 * stop taking frames until it drains, so the slow member gets every message, in order, where
 * without back-pressure it loses some; a member that never drains costs its senders one bounded
 * wait, after which what it cannot hold is dropped and counted, and nothing else is lost.
 */
class BackPressureIT {

    private static final String ROOM = "pressure";
    private static ScheduledExecutorService timer;
    /** What the stuck member's handlers wait for. */
    private static volatile CompletableFuture<Void> gate = new CompletableFuture<>();

    /** Sends each frame to the room; forwards the room's messages. */
    @ServerEndpoint("/ws/pressure/sender/")
    public static class Sender extends AsyncWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of(ROOM);
        }

        @Override
        protected CompletionStage<Void> connect() {
            return accept().thenCompose(v -> send("ready"));
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return groupSend(ROOM, Map.of("type", "room.message", "text", text)).thenApply(r -> null);
        }

        CompletionStage<Void> room_message(Map<String, Object> event) {
            return send((String) event.get("text"));
        }
    }

    /** {@link Sender}, as a synchronous consumer. */
    @ServerEndpoint("/ws/pressure/sync-sender/")
    public static class SyncSender extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of(ROOM);
        }

        @Override
        protected void connect() {
            accept();
            send("ready");
        }

        @Override
        protected void receive(String text) {
            groupSend(ROOM, Map.of("type", "room.message", "text", text));
        }

        void room_message(Map<String, Object> event) {
            send((String) event.get("text"));
        }
    }

    /** Forwards each of the room's messages a millisecond after it came. */
    @ServerEndpoint("/ws/pressure/slow/")
    public static class Slow extends Sender {
        @Override
        CompletionStage<Void> room_message(Map<String, Object> event) {
            CompletableFuture<Void> later = new CompletableFuture<>();
            timer.schedule(() -> later.complete(null), 1, TimeUnit.MILLISECONDS);
            return later.thenCompose(v -> send((String) event.get("text")));
        }
    }

    /** Forwards the room's messages only once the test opens the gate. */
    @ServerEndpoint("/ws/pressure/stuck/")
    public static class Stuck extends Sender {
        @Override
        CompletionStage<Void> room_message(Map<String, Object> event) {
            return gate.thenCompose(v -> send((String) event.get("text")));
        }
    }

    private EmbeddedServer server;
    private final List<WebsocketClient> clients = new ArrayList<>();

    @BeforeAll
    static void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimer() {
        timer.shutdownNow();
    }

    @AfterEach
    void stop() {
        gate.complete(null);
        clients.forEach(WebsocketClient::close);
        if (server != null) {
            server.stop();
        }
    }

    private void start(Duration wait) {
        InMemoryChannelLayer layer = new InMemoryChannelLayer(LayerSettings.builder().backPressureWait(wait).build());
        server = EmbeddedServer.builder().endpoint(Sender.class, SyncSender.class, Slow.class, Stuck.class).channelLayer(layer)
                .build().start();
    }

    private WebsocketClient connect(String kind) {
        WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/pressure/" + kind + "/"));
        clients.add(client);
        assertThat(client.receiveText()).isEqualTo("ready");
        return client;
    }

    private static void blast(WebsocketClient sender, String name, int count) {
        for (int n = 0; n < count; n++) {
            sender.send(name + "-" + n);
        }
    }

    /** Everything {@code client} receives until it has been quiet for {@code quiet}. */
    private static List<String> drain(WebsocketClient client, int atMost, Duration quiet) {
        List<String> got = new ArrayList<>();
        while (got.size() < atMost) {
            Optional<String> next = client.pollTextMatching(t -> true, quiet);
            if (next.isEmpty()) {
                break;
            }
            got.add(next.get());
        }
        return got;
    }

    /** Whether each sender's messages in {@code got} come in the order sent, with none missing. */
    private static Map<String, Integer> countsInOrder(List<String> got) {
        Map<String, Integer> next = new HashMap<>();
        for (String text : got) {
            String[] parts = text.split("-");
            int expected = next.getOrDefault(parts[0], 0);
            assertThat(Integer.parseInt(parts[1])).as("the next message of " + parts[0]).isEqualTo(expected);
            next.put(parts[0], expected + 1);
        }
        return next;
    }

    private long droppedFull() {
        return server.channelLayer().stats().droppedFull();
    }

    @Test
    void aSlowMemberGetsEveryMessageInOrderWhileItsSendersWait() {
        start(Duration.ofSeconds(5));
        WebsocketClient slow = connect("slow");
        WebsocketClient a = connect("sender");
        WebsocketClient b = connect("sender");
        WebsocketClient c = connect("sync-sender");
        blast(a, "a", 400);
        blast(b, "b", 400);
        blast(c, "c", 400);
        List<String> got = drain(slow, 1200, Duration.ofSeconds(5));
        assertThat(countsInOrder(got)).containsEntry("a", 400).containsEntry("b", 400).containsEntry("c", 400);
        assertThat(droppedFull()).as("messages dropped for full channels").isZero();
        assertThat(countsInOrder(drain(c, 1200, Duration.ofSeconds(5))))
                .containsEntry("a", 400).containsEntry("b", 400).containsEntry("c", 400);
    }

    @Test
    void withoutBackPressureTheSameSlowMemberLosesMessages() {
        start(Duration.ZERO);
        WebsocketClient slow = connect("slow");
        WebsocketClient a = connect("sender");
        WebsocketClient b = connect("sender");
        blast(a, "a", 400);
        blast(b, "b", 400);
        List<String> got = drain(slow, 800, Duration.ofSeconds(2));
        assertThat(got.size()).as("the slow member's share").isLessThan(800);
        assertThat(droppedFull()).as("what it lost is counted (the senders' own channels lose some too)")
                .isGreaterThanOrEqualTo(800 - got.size());
    }

    @Test
    void aMemberThatNeverDrainsCostsOneBoundedWaitThenDropsAndCountsTheRest() {
        gate = new CompletableFuture<>();
        start(Duration.ofMillis(300));
        WebsocketClient stuck = connect("stuck");
        WebsocketClient a = connect("sender");
        blast(a, "a", 500);
        assertThat(countsInOrder(drain(a, 500, Duration.ofSeconds(5))))
                .as("the sender's own copies: it went on after the wait").containsEntry("a", 500);
        long dropped = droppedFull();
        assertThat(dropped).as("what the stuck member could not hold").isPositive();
        gate.complete(null);
        List<String> got = drain(stuck, 500, Duration.ofSeconds(2));
        assertThat(got.size()).as("its inbox's 100, its capacity of 100, and the message beyond it that made"
                + " the sender wait").isEqualTo(201);
        assertThat(got.size() + dropped).as("every message was received or counted as dropped").isEqualTo(500);
        countsInOrder(got);
    }

    @Test
    void aSenderThatKeepsSendingWhileHeldEndsItsWaitEarlyAndLosesOnlyWhatTheStuckMemberCannotHold() {
        gate = new CompletableFuture<>();
        start(Duration.ofMinutes(10));
        WebsocketClient stuck = connect("stuck");
        WebsocketClient a = connect("sender");
        blast(a, "a", 2000);
        assertThat(countsInOrder(drain(a, 2000, Duration.ofSeconds(5))))
                .as("every copy back long before the ten minutes' wait: the held frames' limit ended it")
                .containsEntry("a", 2000);
        gate.complete(null);
        List<String> got = drain(stuck, 2000, Duration.ofSeconds(2));
        assertThat(got.size() + droppedFull()).isEqualTo(2000);
        countsInOrder(got);
    }

    @Test
    void framesHeldWhenTheSenderLeavesAreStillHandledBeforeItsDisconnect() {
        start(Duration.ofSeconds(5));
        WebsocketClient slow = connect("slow");
        WebsocketClient a = connect("sender");
        blast(a, "a", 600);
        a.close(1000);   // the close handshake, not a vanishing client: the frames before it are all read
        assertThat(countsInOrder(drain(slow, 600, Duration.ofSeconds(5)))).containsEntry("a", 600);
        assertThat(droppedFull()).isZero();
    }
}
