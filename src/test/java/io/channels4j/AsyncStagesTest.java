package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the asynchronous consumer has: steps that return stages, which may complete later,
 * fail, be null, or stay pending without holding a thread; and {@code runBlocking}, which takes
 * blocking work off the event threads.
 */
class AsyncStagesTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Executor LATER = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    private WebsocketCommunicator communicator(Object consumer) {
        return WebsocketCommunicator.of(consumer, "/ws/test/").layer(layer).build();
    }

    /** A stage that completes a little later, on another thread. */
    static CompletionStage<Void> later() {
        return CompletableFuture.runAsync(() -> { }, LATER);
    }

    /** Echoes text; records disconnects. */
    static class Echo extends AsyncWebsocketConsumer {
        final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return send("echo " + text);
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            disconnects.add(code);
            return done();
        }
    }

    /** Looks its room up with blocking work before accepting; frames wait for connect to finish. */
    static class AcceptsLater extends AsyncWebsocketConsumer {
        private String room;

        @Override
        protected CompletionStage<Void> connect() {
            return runBlocking(() -> "lobby").thenCompose(found -> {
                room = found;
                return accept();
            });
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return send(room + ": " + text);
        }
    }

    /** Fails in the way the frame names: a failed stage, failed blocking work, or a null stage. */
    static class Fails extends Echo {
        @Override
        protected CompletionStage<Void> receive(String text) {
            return switch (text) {
                case "fail" -> later().thenCompose(v -> CompletableFuture.failedFuture(
                        new IllegalStateException("failed stage")));
                case "fail in runBlocking" -> runBlocking(() -> {
                    throw new IllegalStateException("blocking work failed");
                }).thenCompose(v -> done());
                case "null" -> null;
                default -> super.receive(text);
            };
        }
    }

    /** Each frame waits for {@link #gate}, which the test opens: a pending stage holds no thread. */
    static class WaitsForGate extends Echo {
        final CompletableFuture<Void> gate = new CompletableFuture<>();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return gate.thenCompose(v -> send("through " + text));
        }
    }

    /** Uppercases each frame in blocking work and notes which threads ran the handler and the work. */
    static class RunsBlocking extends Echo {
        volatile Thread handlerThread;
        volatile Thread workThread;

        @Override
        protected CompletionStage<Void> receive(String text) {
            handlerThread = Thread.currentThread();
            return runBlocking(() -> {
                workThread = Thread.currentThread();
                return text.toUpperCase();
            }).thenCompose(this::send);
        }
    }

    /** Blocks in runBlocking until the test completes {@code release}, at most 5 s. */
    static class BlocksInRunBlocking extends Echo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CompletableFuture<Void> release;

        BlocksInRunBlocking(CompletableFuture<Void> release) {
            this.release = release;
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return runBlocking(() -> {
                entered.countDown();
                release.get(5, TimeUnit.SECONDS);
                return "released " + text;
            }).thenCompose(this::send);
        }
    }

    @Test
    void framesWaitForAConnectThatCompletesLater() {
        try (var client = communicator(new AcceptsLater())) {
            assertThat(client.connect().accepted()).isTrue();

            client.sendTo("hi");

            assertThat(client.receiveTextFrom()).isEqualTo("lobby: hi");
        }
    }

    @ParameterizedTest(name = "a handler that does \"{0}\" closes with 1011")
    @ValueSource(strings = {"fail", "fail in runBlocking", "null"})
    void aFailingHandlerClosesWith1011AndDisconnectRunsOnce(String how) {
        var consumer = new Fails();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();
            client.sendTo(how);

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.awaitRecord("handler failed on a client frame").getThrown()).isNull();
            assertThat(log.awaitThrown("").getThrown()).isNotNull();
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void aFailedStageClosesWith1011AndTheLogHasItsFailure() {
        try (var log = RecordingLogHandler.attach(); var client = communicator(new Fails())) {
            client.connect();
            client.sendTo("fail");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            assertThat(log.awaitThrown("").getThrown()).hasMessage("failed stage");
        }
    }

    @Test
    void aPendingStageHoldsNoThreadOtherConnectionsNeed() {
        List<WaitsForGate> waiting = new ArrayList<>();
        List<WebsocketCommunicator> clients = new ArrayList<>();
        try (var other = communicator(new Echo())) {
            for (int i = 0; i < 20; i++) {
                var consumer = new WaitsForGate();
                var client = communicator(consumer);
                waiting.add(consumer);
                clients.add(client);
                client.connect();
                client.sendTo("frame " + i);
            }
            other.connect();

            other.sendTo("anyone there?");

            assertThat(other.receiveTextFrom()).isEqualTo("echo anyone there?");
            waiting.forEach(c -> c.gate.complete(null));
            assertThat(clients.get(19).receiveTextFrom()).isEqualTo("through frame 19");
        } finally {
            waiting.forEach(c -> c.gate.complete(null));
            clients.forEach(WebsocketCommunicator::close);
        }
    }

    @Test
    void runBlockingRunsTheWorkOnAnotherThreadAndHandsBackItsResult() {
        var consumer = new RunsBlocking();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("shout");

            assertThat(client.receiveTextFrom()).isEqualTo("SHOUT");
            assertThat(consumer.workThread).isNotNull().isNotSameAs(consumer.handlerThread);
        }
    }

    @Test
    void blockingWorkInManyConnectionsDoesNotStallTheEventThreads() throws InterruptedException {
        // More blocked connections than there are event threads (one per core, at least 2).
        int blocked = 2 * Runtime.getRuntime().availableProcessors() + 2;
        CompletableFuture<Void> release = new CompletableFuture<>();
        List<BlocksInRunBlocking> consumers = new ArrayList<>();
        List<WebsocketCommunicator> clients = new ArrayList<>();
        try (var other = communicator(new Echo())) {
            for (int i = 0; i < blocked; i++) {
                var consumer = new BlocksInRunBlocking(release);
                var client = communicator(consumer);
                consumers.add(consumer);
                clients.add(client);
                client.connect();
                client.sendTo("work " + i);
            }
            for (BlocksInRunBlocking consumer : consumers) {
                assertThat(consumer.entered.await(2, TimeUnit.SECONDS)).isTrue();
            }
            other.connect();

            other.sendTo("still responsive?");

            assertThat(other.receiveTextFrom()).isEqualTo("echo still responsive?");
            release.complete(null);
            for (int i = 0; i < blocked; i++) {
                assertThat(clients.get(i).receiveTextFrom()).isEqualTo("released work " + i);
            }
        } finally {
            release.complete(null);
            clients.forEach(WebsocketCommunicator::close);
        }
    }
}
