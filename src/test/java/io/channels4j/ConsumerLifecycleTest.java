package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.channels4j.ConsumerFlavour.Actions;
import io.channels4j.ConsumerFlavour.Script;
import io.channels4j.ConsumerFlavour.Scripted;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.Attempt;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import io.channels4j.testing.WebsocketCommunicator.ConnectResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consumer lifecycle that the synchronous and the asynchronous consumer share (connect, accept
 * or deny, frames, send and close, disconnect, failures, groups, order), each behaviour written once
 * and run for both flavours through the test kit.
 */
class ConsumerLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    private WebsocketCommunicator communicator(Scripted consumer) {
        return WebsocketCommunicator.of(consumer, ConsumerFlavour.PATH).layer(layer).build();
    }

    private WebsocketCommunicator offering(Scripted consumer, String accept, String... offered) {
        return WebsocketCommunicator.of(consumer, ConsumerFlavour.PATH).queryString("accept=" + accept)
                .subprotocols(offered).layer(layer).build();
    }

    /** Every flavour with every value, for tests that take one value besides the flavour. */
    private static Stream<Arguments> eachFlavourWith(Object... values) {
        return Stream.of(ConsumerFlavour.values()).flatMap(f -> Stream.of(values).map(v -> Arguments.of(f, v)));
    }

    private static Map<String, Object> testEvent(String key, Object value) {
        return Map.of("type", ConsumerFlavour.EVENT, key, value);
    }

    // ---- scripts ----

    /** Keeps the default connect(); echoes text as text and bytes as bytes. */
    static class Echo implements Script {
        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return consumer.send("echo " + text);
        }

        @Override
        public CompletionStage<Void> receive(Actions consumer, byte[] bytes) {
            return consumer.send(bytes);
        }
    }

    static class Denies extends Echo {
        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return consumer.close();
        }
    }

    /** Denies with a code and a reason once a stage completes later. */
    static class DeniesLaterWithCode extends Echo {
        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return consumer.later().thenCompose(v -> consumer.close(4403, "members only"));
        }
    }

    static class Undecided extends Echo {
        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return consumer.later();
        }
    }

    static class ConnectFails extends Echo {
        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return consumer.later().thenCompose(v -> CompletableFuture.failedFuture(
                    new IllegalStateException("no database")));
        }
    }

    /** Accepts the subprotocol named by the query parameter {@code accept}, or closes with 4000. */
    static class AcceptsSubprotocol implements Script {
        final Attempt accepting = new Attempt();

        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            String wanted = consumer.scope().queryParam("accept").orElseThrow();
            return accepting.run(() -> consumer.accept(wanted)) ? consumer.done() : consumer.close(4000);
        }
    }

    /** Counts frames in a field set by connect(): one instance per connection. */
    static class Counter implements Script {
        private int count;
        private String greeting;

        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            greeting = "frame";
            return consumer.accept();
        }

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            count++;
            return consumer.send(greeting + " " + count);
        }
    }

    static class KnowsItsChannel implements Script {
        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            String nameInConnect = consumer.channelName();
            return consumer.accept().thenCompose(v -> consumer.send(nameInConnect));
        }

        @Override
        public CompletionStage<Void> event(Actions consumer, Map<String, Object> event) {
            return consumer.send("note " + event.get("text"));
        }
    }

    static class SendsBeforeAccept implements Script {
        final Attempt early = new Attempt();

        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            early.run(() -> consumer.send("too early"));
            return consumer.accept();
        }
    }

    static class SendsAfterClose implements Script {
        final Attempt late = new Attempt();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return consumer.close().thenRun(() -> late.run(() -> consumer.send("too late")));
        }
    }

    /** Waits in its first frame until released, then sends: by then the client may have left. */
    static class SendsAfterClientLeft extends Echo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CompletableFuture<Void> release = new CompletableFuture<>();
        final Attempt late = new Attempt();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return consumer.send("before").thenCompose(v -> {
                entered.countDown();
                return consumer.after(release);
            }).thenCompose(v -> late.runStage(() -> consumer.send("after the client left")));
        }
    }

    /** Says goodbye in disconnect(), when the client may already be gone. */
    static class SaysGoodbye implements Script {
        final Attempt goodbye = new Attempt();

        @Override
        public CompletionStage<Void> disconnect(Actions consumer, int code) {
            return goodbye.runStage(() -> consumer.send("goodbye"));
        }
    }

    static class SendsAndCloses extends Echo {
        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return consumer.send("bye", true);
        }
    }

    static class ClosesTwice extends Echo {
        final Attempt second = new Attempt();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return consumer.close(4001).thenCompose(v -> second.runStage(() -> consumer.close(4002)));
        }
    }

    /** Closes with the code the frame names, and reports whether close() refused it. */
    static class ClosesWithCode extends Echo {
        final Attempt closing = new Attempt();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return closing.run(() -> consumer.close(Integer.parseInt(text))) ? consumer.done()
                    : consumer.send("still open");
        }
    }

    /** Closes with the frame as the reason, and reports whether close() refused it. */
    static class ClosesWithReason extends Echo {
        final Attempt closing = new Attempt();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return closing.run(() -> consumer.close(4000, text)) ? consumer.done() : consumer.send("still open");
        }
    }

    static class Throws extends Echo {
        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            throw new IllegalStateException("handler broke on " + text);
        }
    }

    /** Fails with a message that repeats the frame {@code n} times, n being the frame's first word. */
    static class ThrowsLongMessage extends Echo {
        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            String[] parts = text.split(" ", 2);
            throw new IllegalStateException(parts[1].repeat(Integer.parseInt(parts[0])));
        }
    }

    /** Checks in connect() and disconnect() that it is a member of its class-level groups. */
    static class InLobby extends Echo {
        final List<Integer> membersSeenInConnect = new CopyOnWriteArrayList<>();
        final List<Integer> membersSeenInDisconnect = new CopyOnWriteArrayList<>();

        @Override
        public List<String> groups() {
            return List.of("lobby", "news");
        }

        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return probe(consumer, "lobby", membersSeenInConnect)
                    .thenCompose(v -> probe(consumer, "news", membersSeenInConnect))
                    .thenCompose(v -> consumer.accept());
        }

        @Override
        public CompletionStage<Void> disconnect(Actions consumer, int code) {
            return probe(consumer, "lobby", membersSeenInDisconnect);
        }

        private static CompletionStage<Void> probe(Actions consumer, String group, List<Integer> seen) {
            return consumer.groupSend(group, testEvent("probe", group)).thenAccept(sent -> seen.add(sent.delivered()));
        }
    }

    /** Joins one group through groupAdd and one through the layer; fails on the frame "fail". */
    static class JoinsGroups extends Echo {
        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return consumer.groupAdd("room-a")
                    .thenCompose(v -> consumer.after(consumer.channelLayer().groupAdd("room-b", consumer.channelName())))
                    .thenCompose(v -> consumer.accept());
        }

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return text.equals("fail") ? CompletableFuture.failedFuture(new IllegalStateException("failing on purpose"))
                    : super.receive(consumer, text);
        }
    }

    /** Puts another channel into a group: that membership is not the connection's to undo. */
    static class AddsAnotherChannel extends Echo {
        final String other;

        AddsAnotherChannel(String other) {
            this.other = other;
        }

        @Override
        public CompletionStage<Void> connect(Actions consumer) {
            return consumer.after(consumer.channelLayer().groupAdd("others", other)).thenCompose(v -> consumer.accept());
        }
    }

    /** Waits in receive() until released. */
    static class Stalls extends Echo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CompletableFuture<Void> release = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            entered.countDown();
            return consumer.after(release).thenCompose(v -> consumer.send("done " + text));
        }
    }

    /**
     * Answers each frame and each event with its label a little later; the first frame waits until
     * released, so that later frames and events queue up behind it.
     */
    static class Interleaves implements Script {
        final CountDownLatch entered = new CountDownLatch(1);
        final CompletableFuture<Void> release = new CompletableFuture<>();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public CompletionStage<Void> receive(Actions consumer, String text) {
            return handle(consumer, "frame " + text, text.equals("f1"));
        }

        @Override
        public CompletionStage<Void> event(Actions consumer, Map<String, Object> event) {
            return handle(consumer, "event " + event.get("n"), false);
        }

        private CompletionStage<Void> handle(Actions consumer, String label, boolean waitForRelease) {
            if (active.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            CompletionStage<Void> ready = consumer.later();
            if (waitForRelease) {
                entered.countDown();
                ready = consumer.after(release);
            }
            return ready.thenCompose(v -> consumer.send(label)).thenRun(active::decrementAndGet);
        }
    }

    // ---- connect: accept or deny ----

    @ForEachFlavour
    void connectAcceptsByDefault(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new Echo()))) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isTrue();
            assertThat(result.closeCode()).isEqualTo(-1);
            assertThat(result.subprotocol()).isEmpty();
        }
    }

    @ForEachFlavour
    void closeInConnectDeniesWithPolicyViolation(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new Denies());
        try (var client = communicator(consumer)) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.POLICY_VIOLATION);
    }

    @ForEachFlavour
    void closeWithACodeInConnectDeniesWithThatCodeAndReason(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new DeniesLaterWithCode()))) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(4403);
            assertThat(client.closeReason()).isEqualTo("members only");
        }
    }

    @ForEachFlavour
    void connectThatNeitherAcceptsNorClosesIsDeniedWith1008AndLogged(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new Undecided());
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(log.awaitRecord(consumer.getClass().getSimpleName()).getMessage())
                    .contains("without accept() or close()");
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.POLICY_VIOLATION);
    }

    @ForEachFlavour
    void connectThatFailsIsDeniedWith1011(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new ConnectFails());
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            assertThat(log.awaitThrown(consumer.getClass().getSimpleName()).getThrown()).hasMessage("no database");
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @ForEachFlavour
    void acceptTakesTheSubprotocolAgreedAtHandshake(ConsumerFlavour flavour) {
        var script = new AcceptsSubprotocol();
        try (var client = offering(flavour.consumer(script), "v1", "v1", "v2")) {
            assertThat(client.connect()).isEqualTo(new ConnectResult(true, "v1", -1));

            assertThat(script.accepting.failure()).isNull();
        }
    }

    @ForEachFlavour
    void acceptRefusesASubprotocolOtherThanTheAgreedOne(ConsumerFlavour flavour) {
        var script = new AcceptsSubprotocol();
        try (var client = offering(flavour.consumer(script), "v2", "v1", "v2")) {
            assertThat(client.connect()).isEqualTo(new ConnectResult(false, "", 4000));

            assertThat(script.accepting.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'v2'").hasMessageContaining("'v1'");
        }
    }

    @ForEachFlavour
    void acceptRefusesASubprotocolWhenNoneWasAgreed(ConsumerFlavour flavour) {
        var script = new AcceptsSubprotocol();
        try (var client = offering(flavour.consumer(script), "v3", "v3")) {
            assertThat(client.connect().accepted()).isFalse();

            assertThat(script.accepting.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("none");
        }
    }

    @ForEachFlavour
    void aConsumerCannotActBeforeItIsConnected(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new Echo());

        assertThatThrownBy(consumer::channelName).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not connected yet");
    }

    // ---- frames ----

    @ForEachFlavour
    void eachFrameReachesTheReceiveMethodOfItsKindOnce(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new Echo()))) {
            client.connect();

            client.sendTo("hello");
            client.sendTo(new byte[] {1, 2, 3});

            assertThat(client.receiveTextFrom()).isEqualTo("echo hello");
            WebsocketCommunicator.Frame binary = client.receiveFrom();
            assertThat(binary.isText()).isFalse();
            assertThat(binary.bytes()).containsExactly(1, 2, 3);
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @ForEachFlavour
    void fieldsSetInConnectLastForTheConnectionAndAreNotShared(ConsumerFlavour flavour) {
        try (var first = communicator(flavour.consumer(new Counter()));
             var second = communicator(flavour.consumer(new Counter()))) {
            first.connect();
            second.connect();

            first.sendTo("a");
            first.sendTo("b");
            second.sendTo("c");

            assertThat(first.receiveTextFrom()).isEqualTo("frame 1");
            assertThat(first.receiveTextFrom()).isEqualTo("frame 2");
            assertThat(second.receiveTextFrom()).isEqualTo("frame 1");
        }
    }

    @ForEachFlavour
    void channelNameIsAssignedBeforeConnectAndReachesTheConsumer(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new KnowsItsChannel()))) {
            client.connect();
            String name = client.receiveTextFrom();

            assertThat(name).isEqualTo(client.channelName());
            layer.send(name, testEvent("text", "hi"));
            assertThat(client.receiveTextFrom()).isEqualTo("note hi");
        }
    }

    // ---- send ----

    @ForEachFlavour
    void sendBeforeAcceptThrowsIllegalStateException(ConsumerFlavour flavour) {
        var script = new SendsBeforeAccept();
        try (var client = communicator(flavour.consumer(script))) {
            assertThat(client.connect().accepted()).isTrue();

            assertThat(script.early.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("accept");
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @ForEachFlavour
    void sendAfterTheConsumerClosedThrowsConnectionClosedException(ConsumerFlavour flavour) {
        var script = new SendsAfterClose();
        try (var client = communicator(flavour.consumer(script))) {
            client.connect();
            client.sendTo("close now");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
            assertThat(script.late.failure()).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("by the consumer").hasMessageContaining("1000");
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @ForEachFlavour
    void sendAfterTheClientClosedButBeforeDisconnectIsDroppedWithoutAnException(ConsumerFlavour flavour)
            throws Exception {
        var script = new SendsAfterClientLeft();
        var consumer = flavour.consumer(script);
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("go");
            assertThat(client.receiveTextFrom()).isEqualTo("before");
            assertThat(script.entered.await(2, TimeUnit.SECONDS)).isTrue();

            // The client leaves while the consumer is busy: its disconnect() must wait for the frame.
            FutureTask<Void> leaving = new FutureTask<>(() -> client.disconnect(4000), null);
            Thread leaver = new Thread(leaving, "client-leaving");
            leaver.start();
            // disconnect() tells the connection at once, then waits (timed) for the consumer to finish.
            await().atMost(WAIT).until(() -> leaver.getState() == Thread.State.TIMED_WAITING);
            script.release.complete(null);
            leaving.get(5, TimeUnit.SECONDS);

            assertThat(script.late.failure()).isNull();
            assertThat(client.receiveNothing()).isTrue();
            assertThat(consumer.disconnects()).containsExactly(4000);
        } finally {
            script.release.complete(null);
        }
    }

    @ForEachFlavour
    void aSendInDisconnectAfterTheClientLeftIsDroppedNotAnError(ConsumerFlavour flavour) {
        var script = new SaysGoodbye();
        try (var log = RecordingLogHandler.attach(); var client = communicator(flavour.consumer(script))) {
            assertThat(client.connect().accepted()).isTrue();
            client.disconnect(1001);

            assertThat(script.goodbye.failure()).isNull();
            assertThat(client.receiveNothing(Duration.ofMillis(100))).isTrue();
            assertThat(log.records()).noneMatch(r -> r.getMessage() != null && r.getMessage().contains("disconnect("));
        }
    }

    @ForEachFlavour
    void sendWithCloseSendsTheFrameThenClosesNormally(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new SendsAndCloses()))) {
            client.connect();
            client.sendTo("done?");

            assertThat(client.receiveTextFrom()).isEqualTo("bye");
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
        }
    }

    // ---- close ----

    @ForEachFlavour
    void closingTwiceKeepsTheFirstCodeAndDoesNotThrow(ConsumerFlavour flavour) {
        var script = new ClosesTwice();
        var consumer = flavour.consumer(script);
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("close");

            assertThat(client.awaitClose(WAIT)).isEqualTo(4001);
            assertThat(script.second.failure()).isNull();
            assertThat(client.receiveNothing()).isTrue();
        }
        assertThat(consumer.disconnects()).containsExactly(4001);
    }

    static Stream<Arguments> codesThatMayNotBeSent() {
        return eachFlavourWith(-1, 0, 999, 1004, 1005, 1006, 1010, 1015, 1016, 2000, 2999, 5000);
    }

    @ParameterizedTest(name = "{0}: close({1}) is refused")
    @MethodSource("codesThatMayNotBeSent")
    void closeRefusesCodesThatMayNotBeSent(ConsumerFlavour flavour, int code) {
        var script = new ClosesWithCode();
        try (var client = communicator(flavour.consumer(script))) {
            client.connect();
            client.sendTo(Integer.toString(code));

            assertThat(script.closing.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Integer.toString(code));
            assertThat(client.receiveTextFrom()).isEqualTo("still open");
        }
    }

    static Stream<Arguments> codesThatMayBeSent() {
        return eachFlavourWith(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 3000, 4000, 4999);
    }

    @ParameterizedTest(name = "{0}: close({1}) is sent")
    @MethodSource("codesThatMayBeSent")
    void closeSendsStandardAndApplicationCodes(ConsumerFlavour flavour, int code) {
        var script = new ClosesWithCode();
        var consumer = flavour.consumer(script);
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo(Integer.toString(code));

            assertThat(client.awaitClose(WAIT)).isEqualTo(code);
            assertThat(script.closing.failure()).isNull();
        }
        assertThat(consumer.disconnects()).containsExactly(code);
    }

    static Stream<Arguments> reasonsOf124Bytes() {
        return eachFlavourWith(
                "x".repeat(124), // ascii
                "é".repeat(62), // two-byte: 62 chars, 124 bytes
                "😀".repeat(31)); // four-byte: 62 chars, 124 bytes
    }

    @ParameterizedTest(name = "{0}: a reason of {1}")
    @MethodSource("reasonsOf124Bytes")
    void closeRefusesAReasonOfMoreThan123Utf8Bytes(ConsumerFlavour flavour, String reason) {
        var script = new ClosesWithReason();
        try (var client = communicator(flavour.consumer(script))) {
            client.connect();
            client.sendTo(reason);

            assertThat(script.closing.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("123").hasMessageContaining("124");
            assertThat(client.receiveTextFrom()).isEqualTo("still open");
        }
    }

    @ForEachFlavour
    void closeSendsAReasonOfExactly123Utf8Bytes(ConsumerFlavour flavour) {
        String reason = "é".repeat(61) + "x"; // 123 bytes
        try (var client = communicator(flavour.consumer(new ClosesWithReason()))) {
            client.connect();
            client.sendTo(reason);

            assertThat(client.awaitClose(WAIT)).isEqualTo(4000);
            assertThat(client.closeReason()).isEqualTo(reason);
        }
    }

    // ---- disconnect and failures ----

    @ForEachFlavour
    void disconnectRunsOnceWithTheClientsCodeWhenTheClientCloses(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new Echo());
        try (var client = communicator(consumer)) {
            client.connect();

            client.disconnect(4321);

            assertThat(consumer.disconnects()).containsExactly(4321);
        }
        assertThat(consumer.disconnects()).containsExactly(4321);
    }

    @ForEachFlavour
    void disconnectRunsOnceWhenTheNetworkDrops(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new Echo());
        try (var client = communicator(consumer)) {
            client.connect();

            client.disconnect(1006);
        }
        assertThat(consumer.disconnects()).containsExactly(1006);
    }

    @ForEachFlavour
    void disconnectRunsOnceWhenTheConsumerCloses(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new SendsAndCloses());
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("x");
            client.receiveTextFrom();
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);

            client.disconnect(CloseCodes.NORMAL); // the client answers the close frame
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.NORMAL);
    }

    @ForEachFlavour
    void aHandlerExceptionClosesWith1011AndDisconnectRunsOnce(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new Throws());
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();
            client.sendTo("this");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            var record = log.awaitRecord(consumer.getClass().getSimpleName());
            assertThat(record.getMessage()).contains("handler failed on a client frame")
                    .contains("java.lang.IllegalStateException: handler broke on this");
            assertThat(log.awaitThrown(consumer.getClass().getSimpleName()).getThrown())
                    .hasMessage("handler broke on this");
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    static Stream<Arguments> longFailureMessages() {
        return eachFlavourWith("200 x", "100000 x", "70 😀", "50000 😀", "60 é", "3 line\n");
    }

    @ParameterizedTest(name = "{0}: a failure message of \"{1}\"")
    @MethodSource("longFailureMessages")
    void inDevelopmentALongFailureMessageIsCutToAValid123ByteCloseReason(ConsumerFlavour flavour, String frame) {
        var consumer = flavour.consumer(new ThrowsLongMessage());
        System.setProperty("channels4j.development", "true");
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();
            client.sendTo(frame);

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            String reason = client.closeReason();
            String unit = frame.split(" ", 2)[1];
            int times = Integer.parseInt(frame.split(" ", 2)[0]);
            assertThat(log.awaitThrown(consumer.getClass().getSimpleName()).getThrown())
                    .hasMessage(unit.repeat(times));
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 123);
            assertThat(reason.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            assertThat(Character.isHighSurrogate(reason.charAt(reason.length() - 1)))
                    .as("ends with half a surrogate pair").isFalse();
            String prefix = "internal error: IllegalStateException: ";
            assertThat(reason).startsWith(prefix);
            assertThat(unit.replace('\n', ' ').repeat(200)).startsWith(reason.substring(prefix.length()));
        } finally {
            System.clearProperty("channels4j.development");
        }
    }

    @ForEachFlavour
    void framesAfterTheConsumerClosedAreNotHandled(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new SendsAndCloses()))) {
            client.connect();
            client.sendTo("first");
            client.sendTo("second");

            assertThat(client.receiveTextFrom()).isEqualTo("bye");
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    // ---- groups ----

    @ForEachFlavour
    void classGroupsAreJoinedBeforeConnectAndLeftAfterDisconnect(ConsumerFlavour flavour) {
        var script = new InLobby();
        try (var client = communicator(flavour.consumer(script))) {
            client.connect();
            assertThat(layer.groupMembers("lobby").toCompletableFuture().join()).containsExactly(client.channelName());

            client.disconnect();

            assertThat(script.membersSeenInConnect).containsExactly(1, 1);
            assertThat(script.membersSeenInDisconnect).containsExactly(1);
            assertThat(layer.groupMembers("lobby").toCompletableFuture().join()).isEmpty();
            assertThat(layer.groupMembers("news").toCompletableFuture().join()).isEmpty();
        }
    }

    @ForEachFlavour
    void groupsJoinedByTheConsumerAreLeftWhenTheClientCloses(ConsumerFlavour flavour) {
        try (var client = communicator(flavour.consumer(new JoinsGroups()))) {
            client.connect();
            assertThat(layer.groupMembers("room-a").toCompletableFuture().join()).containsExactly(client.channelName());
            assertThat(layer.groupMembers("room-b").toCompletableFuture().join()).containsExactly(client.channelName());

            client.disconnect();

            assertThat(layer.groupMembers("room-a").toCompletableFuture().join()).isEmpty();
            assertThat(layer.groupMembers("room-b").toCompletableFuture().join()).isEmpty();
        }
    }

    @ForEachFlavour
    void groupsJoinedByTheConsumerAreLeftWhenAHandlerFails(ConsumerFlavour flavour) {
        var consumer = flavour.consumer(new JoinsGroups());
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();
            client.sendTo("fail");
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.awaitThrown(consumer.getClass().getSimpleName()).getThrown())
                    .hasMessage("failing on purpose");
        }
        assertThat(layer.groupMembers("room-a").toCompletableFuture().join()).isEmpty();
        assertThat(layer.groupMembers("room-b").toCompletableFuture().join()).isEmpty();
    }

    @ForEachFlavour
    void groupMembershipsOfOtherChannelsAreNotUndone(ConsumerFlavour flavour) {
        String other = layer.newChannel("other").toCompletableFuture().join();
        try (var client = communicator(flavour.consumer(new AddsAnotherChannel(other)))) {
            client.connect();
            client.disconnect();
        }
        assertThat(layer.groupMembers("others").toCompletableFuture().join()).containsExactly(other);
    }

    @ForEachFlavour
    void groupMembersOfOneConnectionReachTheOther(ConsumerFlavour flavour) {
        try (var first = communicator(flavour.consumer(new InLobby()));
             var second = communicator(flavour.consumer(new InLobby()))) {
            first.connect();
            second.connect();

            GroupSendResult result = layer.groupSend("lobby", testEvent("probe", "from the test"))
                    .toCompletableFuture().join();

            assertThat(result.delivered()).isEqualTo(2);
            assertThat(layer.groupMembers("lobby").toCompletableFuture().join())
                    .containsExactlyInAnyOrder(first.channelName(), second.channelName());
        }
        assertThat(layer.groupMembers("lobby").toCompletableFuture().join()).isEmpty();
    }

    // ---- threads and order ----

    @ForEachFlavour
    void aSlowConsumerDoesNotDelayAnotherConnection(ConsumerFlavour flavour) throws InterruptedException {
        var slow = new Stalls();
        try (var stalled = communicator(flavour.consumer(slow)); var other = communicator(flavour.consumer(new Echo()))) {
            stalled.connect();
            other.connect();
            stalled.sendTo("slow");
            assertThat(slow.entered.await(2, TimeUnit.SECONDS)).isTrue();

            other.sendTo("fast");

            assertThat(other.receiveTextFrom()).isEqualTo("echo fast");
            assertThat(stalled.receiveNothing()).isTrue();
            slow.release.complete(null);
            assertThat(stalled.receiveTextFrom()).isEqualTo("done slow");
        } finally {
            slow.release.complete(null);
        }
    }

    @ForEachFlavour
    void framesAndLayerEventsAreHandledOneAtATimeInArrivalOrder(ConsumerFlavour flavour) throws InterruptedException {
        var script = new Interleaves();
        List<String> sent = new ArrayList<>();
        try (var client = communicator(flavour.consumer(script))) {
            client.connect();
            client.sendTo("f1");
            sent.add("frame f1");
            assertThat(script.entered.await(2, TimeUnit.SECONDS)).isTrue();

            // While f1 is being handled, frames and events arrive in this order:
            for (String item : List.of("e1", "e2", "f2", "e3", "f3", "f4", "e4", "e5", "e6", "f5", "e7")) {
                if (item.startsWith("e")) {
                    layer.send(client.channelName(), testEvent("n", item));
                    sent.add("event " + item);
                } else {
                    client.sendTo(item);
                    sent.add("frame " + item);
                }
            }
            script.release.complete(null);

            List<String> handled = IntStream.range(0, sent.size()).mapToObj(i -> client.receiveTextFrom()).toList();
            assertThat(handled).containsExactlyElementsOf(sent);
            assertThat(script.overlaps).hasValue(0);
        } finally {
            script.release.complete(null);
        }
    }
}
