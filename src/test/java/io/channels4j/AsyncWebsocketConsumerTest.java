package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.Attempt;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import io.channels4j.testing.WebsocketCommunicator.ConnectResult;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The asynchronous consumer: the same lifecycle as the synchronous one, with steps that return
 * stages which may complete later, and {@code runBlocking} for work that blocks.
 */
class AsyncWebsocketConsumerTest {

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

    // ---- consumers ----

    /** Keeps the default connect(); echoes text and bytes; records disconnects. */
    static class Echo extends AsyncWebsocketConsumer {
        final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return send("echo " + text);
        }

        @Override
        protected CompletionStage<Void> receive(byte[] bytes) {
            return send(bytes);
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            disconnects.add(code);
            return done();
        }
    }

    static class Denies extends Echo {
        @Override
        protected CompletionStage<Void> connect() {
            return close();
        }
    }

    static class DeniesLaterWithCode extends Echo {
        @Override
        protected CompletionStage<Void> connect() {
            return later().thenCompose(v -> close(4403, "members only"));
        }
    }

    static class Undecided extends Echo {
        @Override
        protected CompletionStage<Void> connect() {
            return later();
        }
    }

    static class ConnectFails extends Echo {
        @Override
        protected CompletionStage<Void> connect() {
            return later().thenCompose(v -> CompletableFuture.failedFuture(new IllegalStateException("no database")));
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

    @ServerEndpoint(value = "/ws/test/", subprotocols = {"v2", "v1"})
    static class AcceptsSubprotocol extends AsyncWebsocketConsumer {
        final Attempt accepting = new Attempt();

        @Override
        protected CompletionStage<Void> connect() {
            String wanted = scope().queryParam("accept").orElseThrow();
            return accepting.run(() -> accept(wanted)) ? done() : close(4000);
        }
    }

    static class SendsBeforeAccept extends AsyncWebsocketConsumer {
        final Attempt early = new Attempt();

        @Override
        protected CompletionStage<Void> connect() {
            early.run(() -> send("too early"));
            return accept();
        }
    }

    static class SendsAfterClose extends Echo {
        final Attempt late = new Attempt();
        final Attempt closeAgain = new Attempt();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return close(4001).thenRun(() -> {
                late.run(() -> send("too late"));
                closeAgain.run(() -> close(4002));
            });
        }
    }

    static class ClosesWithCode extends Echo {
        final Attempt closing = new Attempt();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return closing.run(() -> close(Integer.parseInt(text))) ? done() : send("still open");
        }
    }

    static class ClosesWithReason extends Echo {
        final Attempt closing = new Attempt();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return closing.run(() -> close(4000, text)) ? done() : send("still open");
        }
    }

    /** Fails in the way the frame names: a thrown exception, a failed stage, or a null stage. */
    static class Fails extends Echo {
        @Override
        protected CompletionStage<Void> receive(String text) {
            return switch (text) {
                case "throw" -> throw new IllegalStateException("thrown in receive");
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

    static class InLobby extends Echo {
        final List<Integer> membersSeenInConnect = new CopyOnWriteArrayList<>();

        @Override
        protected List<String> groups() {
            return List.of("lobby");
        }

        @Override
        protected CompletionStage<Void> connect() {
            return groupSend("lobby", Map.of("type", "probe")).thenCompose(sent -> {
                membersSeenInConnect.add(sent.delivered());
                return accept();
            });
        }

        CompletionStage<Void> probe(Map<String, Object> event) {
            return done();
        }
    }

    static class JoinsGroups extends Echo {
        @Override
        protected CompletionStage<Void> connect() {
            return groupAdd("room-a")
                    .thenCompose(v -> channelLayer().groupAdd("room-b", channelName()))
                    .thenCompose(v -> accept());
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return text.equals("fail") ? CompletableFuture.failedFuture(new IllegalStateException("on purpose"))
                    : super.receive(text);
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

    /** Each frame and {@code tick} event completes a little later, then answers with its label. */
    static class Interleaves extends AsyncWebsocketConsumer {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        protected CompletionStage<Void> receive(String text) {
            return handle("frame " + text);
        }

        CompletionStage<Void> tick(Map<String, Object> event) {
            return handle("event " + event.get("n"));
        }

        private CompletionStage<Void> handle(String label) {
            if (active.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            return later().thenCompose(v -> {
                active.decrementAndGet();
                return send(label);
            });
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

    /** Blocks in runBlocking until the test releases it. */
    static class BlocksInRunBlocking extends Echo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        BlocksInRunBlocking(CountDownLatch release) {
            this.release = release;
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return runBlocking(() -> {
                entered.countDown();
                WebsocketConsumerTest.awaitLatch(release);
                return "released " + text;
            }).thenCompose(this::send);
        }
    }

    // ---- connect ----

    @Test
    void connectAcceptsByDefault() {
        try (var client = communicator(new Echo())) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isTrue();
            assertThat(result.closeCode()).isEqualTo(-1);
        }
    }

    @Test
    void closeInConnectDeniesWithPolicyViolation() {
        var consumer = new Denies();
        try (var client = communicator(consumer)) {
            assertThat(client.connect().closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.POLICY_VIOLATION);
    }

    @Test
    void closeWithACodeOnceConnectsStageCompletesDeniesWithThatCode() {
        try (var client = communicator(new DeniesLaterWithCode())) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(4403);
            assertThat(client.closeReason()).isEqualTo("members only");
        }
    }

    @Test
    void connectWhoseStageCompletesWithoutADecisionIsDeniedWith1008AndLogged() {
        var consumer = new Undecided();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            assertThat(client.connect().closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(log.awaitRecord("Undecided").getMessage()).contains("without accept() or close()");
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.POLICY_VIOLATION);
    }

    @Test
    void connectWhoseStageFailsIsDeniedWith1011() {
        var consumer = new ConnectFails();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("no database");
            assertThat(log.awaitRecord("ConnectFails").getThrown()).hasMessage("no database");
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void framesWaitForAConnectThatCompletesLater() {
        try (var client = communicator(new AcceptsLater())) {
            assertThat(client.connect().accepted()).isTrue();

            client.sendTo("hi");

            assertThat(client.receiveTextFrom()).isEqualTo("lobby: hi");
        }
    }

    @Test
    void acceptTakesTheAgreedSubprotocolAndRefusesAnother() {
        var agreed = new AcceptsSubprotocol();
        var other = new AcceptsSubprotocol();
        try (var good = WebsocketCommunicator.of(agreed, "/ws/test/").queryString("accept=v1")
                .subprotocols("v1", "v2").layer(layer).build();
             var bad = WebsocketCommunicator.of(other, "/ws/test/").queryString("accept=v2")
                .subprotocols("v1", "v2").layer(layer).build()) {
            assertThat(good.connect()).isEqualTo(new ConnectResult(true, "v1", -1));
            assertThat(bad.connect()).isEqualTo(new ConnectResult(false, "", 4000));

            assertThat(agreed.accepting.failure()).isNull();
            assertThat(other.accepting.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'v2'");
        }
    }

    // ---- send and close ----

    @Test
    void sendBeforeAcceptThrowsIllegalStateException() {
        var consumer = new SendsBeforeAccept();
        try (var client = communicator(consumer)) {
            assertThat(client.connect().accepted()).isTrue();

            assertThat(consumer.early.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("accept");
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @Test
    void sendAfterTheConsumerClosedThrowsAndASecondCloseDoesNothing() {
        var consumer = new SendsAfterClose();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("close");

            assertThat(client.awaitClose(WAIT)).isEqualTo(4001);
            assertThat(consumer.late.failure()).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("by the consumer");
            assertThat(consumer.closeAgain.failure()).isNull();
            assertThat(client.receiveNothing()).isTrue();
        }
        assertThat(consumer.disconnects).containsExactly(4001);
    }

    @ParameterizedTest(name = "close({0}) is refused")
    @ValueSource(ints = {999, 1004, 1005, 1006, 1015, 2000, 5000})
    void closeRefusesCodesThatMayNotBeSent(int code) {
        var consumer = new ClosesWithCode();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo(Integer.toString(code));

            assertThat(consumer.closing.failure()).isInstanceOf(IllegalArgumentException.class);
            assertThat(client.receiveTextFrom()).isEqualTo("still open");
        }
    }

    @Test
    void closeRefusesAReasonOfMoreThan123Utf8Bytes() {
        var consumer = new ClosesWithReason();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("ü".repeat(62));

            assertThat(consumer.closing.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("123");
            assertThat(client.receiveTextFrom()).isEqualTo("still open");
        }
    }

    // ---- failures and disconnect ----

    @ParameterizedTest(name = "a handler that does \"{0}\" closes with 1011")
    @ValueSource(strings = {"throw", "fail", "fail in runBlocking", "null"})
    void aFailingHandlerClosesWith1011AndDisconnectRunsOnce(String how) {
        var consumer = new Fails();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();
            client.sendTo(how);

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.awaitRecord("handler failed").getThrown()).isNotNull();
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void aFailedStageGivesItsMessageAsTheCloseReason() {
        try (var log = RecordingLogHandler.attach(); var client = communicator(new Fails())) {
            client.connect();
            client.sendTo("fail");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("failed stage");
            assertThat(log.awaitRecord("handler failed").getThrown()).hasMessage("failed stage");
        }
    }

    @Test
    void disconnectRunsOnceWithTheClientsCode() {
        var consumer = new Echo();
        try (var client = communicator(consumer)) {
            client.connect();
            client.disconnect(4321);
        }
        assertThat(consumer.disconnects).containsExactly(4321);
    }

    // ---- groups ----

    @Test
    void classGroupsAreJoinedBeforeConnectAndLeftAfterDisconnect() {
        var consumer = new InLobby();
        try (var client = communicator(consumer)) {
            client.connect();
            assertThat(layer.groupMembers("lobby")).containsExactly(client.channelName());

            client.disconnect();

            assertThat(consumer.membersSeenInConnect).containsExactly(1);
            assertThat(layer.groupMembers("lobby")).isEmpty();
        }
    }

    @Test
    void groupsJoinedByTheConsumerAreLeftWhenTheClientCloses() {
        try (var client = communicator(new JoinsGroups())) {
            client.connect();
            assertThat(layer.groupMembers("room-a")).containsExactly(client.channelName());
            assertThat(layer.groupMembers("room-b")).containsExactly(client.channelName());

            client.disconnect();

            assertThat(layer.groupMembers("room-a")).isEmpty();
            assertThat(layer.groupMembers("room-b")).isEmpty();
        }
    }

    @Test
    void groupsJoinedByTheConsumerAreLeftWhenAHandlerFails() {
        try (var log = RecordingLogHandler.attach(); var client = communicator(new JoinsGroups())) {
            client.connect();
            client.sendTo("fail");
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.awaitRecord("JoinsGroups").getThrown()).hasMessage("on purpose");
        }
        assertThat(layer.groupMembers("room-a")).isEmpty();
        assertThat(layer.groupMembers("room-b")).isEmpty();
    }

    // ---- order and threads ----

    @Test
    void framesAndLayerEventsAreHandledOneAtATimeInArrivalOrderWhenStagesCompleteLater() {
        var consumer = new Interleaves();
        List<String> sent = new ArrayList<>();
        try (var client = communicator(consumer)) {
            client.connect();
            for (String item : List.of("f1", "e1", "e2", "f2", "e3", "f3", "f4", "e4", "e5", "e6", "f5", "e7")) {
                if (item.startsWith("e")) {
                    layer.send(client.channelName(), Map.of("type", "tick", "n", item));
                    sent.add("event " + item);
                } else {
                    client.sendTo(item);
                    sent.add("frame " + item);
                }
            }

            List<String> handled = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                handled.add(client.receiveTextFrom());
            }
            assertThat(handled).containsExactlyElementsOf(sent);
            assertThat(consumer.overlaps).hasValue(0);
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
        CountDownLatch release = new CountDownLatch(1);
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
            release.countDown();
            for (int i = 0; i < blocked; i++) {
                assertThat(clients.get(i).receiveTextFrom()).isEqualTo("released work " + i);
            }
        } finally {
            release.countDown();
            clients.forEach(WebsocketCommunicator::close);
        }
    }
}
