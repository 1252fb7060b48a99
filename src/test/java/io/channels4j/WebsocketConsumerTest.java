package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.Attempt;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import io.channels4j.testing.WebsocketCommunicator.ConnectResult;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The synchronous consumer: lifecycle, actions, failures and groups, driven through the test kit. */
class WebsocketConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    private WebsocketCommunicator communicator(Object consumer) {
        return WebsocketCommunicator.of(consumer, "/ws/test/").layer(layer).build();
    }

    /** Blocks the calling handler until {@code latch} opens, at most 5 s. */
    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- consumers ----

    /** Keeps the default connect(); echoes text as text and bytes as bytes; records disconnects. */
    static class Echo extends WebsocketConsumer {
        final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        protected void receive(String text) {
            send("echo " + text);
        }

        @Override
        protected void receive(byte[] bytes) {
            send(bytes);
        }

        @Override
        protected void disconnect(int code) {
            disconnects.add(code);
        }
    }

    static class Denies extends Echo {
        @Override
        protected void connect() {
            close();
        }
    }

    static class DeniesWithCode extends Echo {
        @Override
        protected void connect() {
            close(4403, "members only");
        }
    }

    static class Undecided extends Echo {
        @Override
        protected void connect() {
        }
    }

    /** Counts frames in a field set by connect(): one instance per connection. */
    static class Counter extends WebsocketConsumer {
        private int count;
        private String greeting;

        @Override
        protected void connect() {
            greeting = "frame";
            accept();
        }

        @Override
        protected void receive(String text) {
            count++;
            send(greeting + " " + count);
        }
    }

    static class SendsBeforeAccept extends WebsocketConsumer {
        final Attempt early = new Attempt();

        @Override
        protected void connect() {
            early.run(() -> send("too early"));
            accept();
        }
    }

    /** Says goodbye in disconnect(), when the client may already be gone. */
    static class SaysGoodbye extends WebsocketConsumer {
        final java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();

        @Override
        protected void disconnect(int code) {
            try {
                send("goodbye");
                outcome.complete("sent");
            } catch (RuntimeException e) {
                outcome.complete(e.getClass().getSimpleName());
            }
        }
    }

    static class SendsAfterClose extends WebsocketConsumer {
        final Attempt late = new Attempt();

        @Override
        protected void receive(String text) {
            close();
            late.run(() -> send("too late"));
        }
    }

    /** Blocks in its first frame until released, then sends: by then the client may have left. */
    static class SendsAfterClientLeft extends Echo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Attempt late = new Attempt();

        @Override
        protected void receive(String text) {
            send("before");
            entered.countDown();
            awaitLatch(release);
            late.run(() -> send("after the client left"));
        }
    }

    static class ClosesTwice extends Echo {
        final Attempt second = new Attempt();

        @Override
        protected void receive(String text) {
            close(4001);
            second.run(() -> close(4002));
        }
    }

    /** Closes with the code the frame names, and reports whether close() refused it. */
    static class ClosesWithCode extends Echo {
        final Attempt closing = new Attempt();

        @Override
        protected void receive(String text) {
            if (!closing.run(() -> close(Integer.parseInt(text)))) {
                send("still open");
            }
        }
    }

    /** Closes with the frame as the reason, and reports whether close() refused it. */
    static class ClosesWithReason extends Echo {
        final Attempt closing = new Attempt();

        @Override
        protected void receive(String text) {
            if (!closing.run(() -> close(4000, text))) {
                send("still open");
            }
        }
    }

    static class SendsAndCloses extends Echo {
        @Override
        protected void receive(String text) {
            send("bye", true);
        }
    }

    static class Throws extends Echo {
        @Override
        protected void receive(String text) {
            throw new IllegalStateException("handler broke on " + text);
        }
    }

    /** Fails with a message that repeats the frame {@code n} times, n being the frame's first word. */
    static class ThrowsLongMessage extends Echo {
        @Override
        protected void receive(String text) {
            String[] parts = text.split(" ", 2);
            throw new IllegalStateException(parts[1].repeat(Integer.parseInt(parts[0])));
        }
    }

    /** Checks in connect() and disconnect() that it is a member of its class-level groups. */
    static class InLobby extends Echo {
        final List<Integer> membersSeenInConnect = new CopyOnWriteArrayList<>();
        final List<Integer> membersSeenInDisconnect = new CopyOnWriteArrayList<>();

        @Override
        protected List<String> groups() {
            return List.of("lobby", "news");
        }

        @Override
        protected void connect() {
            membersSeenInConnect.add(groupSend("lobby", Map.of("type", "probe")).delivered());
            membersSeenInConnect.add(groupSend("news", Map.of("type", "probe")).delivered());
            accept();
        }

        @Override
        protected void disconnect(int code) {
            super.disconnect(code);
            membersSeenInDisconnect.add(groupSend("lobby", Map.of("type", "probe")).delivered());
        }

        void probe(Map<String, Object> event) {
        }
    }

    /** Joins one group through groupAdd and one through the layer; fails on the frame "fail". */
    static class JoinsGroups extends Echo {
        @Override
        protected void connect() {
            groupAdd("room-a");
            channelLayer().groupAdd("room-b", channelName());
            accept();
        }

        @Override
        protected void receive(String text) {
            if (text.equals("fail")) {
                throw new IllegalStateException("failing on purpose");
            }
            super.receive(text);
        }
    }

    /** Puts another channel into a group: that membership is not the connection's to undo. */
    static class AddsAnotherChannel extends Echo {
        final String other;

        AddsAnotherChannel(String other) {
            this.other = other;
        }

        @Override
        protected void connect() {
            channelLayer().groupAdd("others", other);
            accept();
        }
    }

    /** Blocks in receive() until released. */
    static class Stalls extends Echo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void receive(String text) {
            entered.countDown();
            awaitLatch(release);
            send("done " + text);
        }
    }

    /**
     * Answers each frame and each {@code tick} event with its label; the first frame blocks until
     * released, so that later frames and events queue up behind it.
     */
    static class Interleaves extends WebsocketConsumer {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        protected void receive(String text) {
            handle("frame " + text, text.equals("f1"));
        }

        void tick(Map<String, Object> event) {
            handle("event " + event.get("n"), false);
        }

        private void handle(String label, boolean block) {
            if (active.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            if (block) {
                entered.countDown();
                awaitLatch(release);
            }
            send(label);
            active.decrementAndGet();
        }
    }

    static class KnowsItsChannel extends WebsocketConsumer {
        private String nameInConnect;

        @Override
        protected void connect() {
            nameInConnect = channelName();
            accept();
            send(nameInConnect);
        }

        void note(Map<String, Object> event) {
            send("note " + event.get("text"));
        }
    }

    static class TriesToCloseTheLayer extends WebsocketConsumer {
        final Attempt closing = new Attempt();

        @Override
        protected void receive(String text) {
            closing.run(() -> channelLayer().close());
        }
    }

    @ServerEndpoint(value = "/ws/test/", subprotocols = {"v2", "v1"})
    static class AcceptsSubprotocol extends WebsocketConsumer {
        final Attempt accepting = new Attempt();

        @Override
        protected void connect() {
            String wanted = scope().queryParam("accept").orElseThrow();
            if (!accepting.run(() -> accept(wanted))) {
                close(4000);
            }
        }
    }

    // ---- connect: accept or deny ----

    @Test
    void connectAcceptsByDefault() {
        try (var client = communicator(new Echo())) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isTrue();
            assertThat(result.closeCode()).isEqualTo(-1);
            assertThat(result.subprotocol()).isEmpty();
        }
    }

    @Test
    void closeInConnectDeniesWithPolicyViolation() {
        var consumer = new Denies();
        try (var client = communicator(consumer)) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.POLICY_VIOLATION);
    }

    @Test
    void closeWithACodeInConnectDeniesWithThatCodeAndReason() {
        try (var client = communicator(new DeniesWithCode())) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(4403);
            assertThat(client.closeReason()).isEqualTo("members only");
        }
    }

    @Test
    void connectThatNeitherAcceptsNorClosesIsDeniedWith1008AndLogged() {
        var consumer = new Undecided();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            ConnectResult result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(log.awaitRecord("Undecided").getMessage()).contains("without accept() or close()");
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.POLICY_VIOLATION);
    }

    @Test
    void acceptTakesTheSubprotocolAgreedAtHandshake() {
        var consumer = new AcceptsSubprotocol();
        try (var client = WebsocketCommunicator.of(consumer, "/ws/test/").queryString("accept=v1")
                .subprotocols("v1", "v2").layer(layer).build()) {
            ConnectResult result = client.connect();

            assertThat(consumer.accepting.failure()).isNull();
            assertThat(result.accepted()).isTrue();
            assertThat(result.subprotocol()).isEqualTo("v1");
        }
    }

    @Test
    void acceptRefusesASubprotocolOtherThanTheAgreedOne() {
        var consumer = new AcceptsSubprotocol();
        try (var client = WebsocketCommunicator.of(consumer, "/ws/test/").queryString("accept=v2")
                .subprotocols("v1", "v2").layer(layer).build()) {
            ConnectResult result = client.connect();

            assertThat(consumer.accepting.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'v2'").hasMessageContaining("'v1'");
            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(4000);
        }
    }

    @Test
    void acceptRefusesASubprotocolWhenNoneWasAgreed() {
        var consumer = new AcceptsSubprotocol();
        try (var client = WebsocketCommunicator.of(consumer, "/ws/test/").queryString("accept=v3")
                .subprotocols("v3").layer(layer).build()) {
            assertThat(client.connect().accepted()).isFalse();
            assertThat(consumer.accepting.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("none");
        }
    }

    // ---- frames ----

    @Test
    void eachFrameReachesTheReceiveMethodOfItsKindOnce() {
        try (var client = communicator(new Echo())) {
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

    @Test
    void fieldsSetInConnectLastForTheConnectionAndAreNotShared() {
        try (var first = communicator(new Counter()); var second = communicator(new Counter())) {
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

    @Test
    void channelNameIsAssignedBeforeConnectAndReachesTheConsumer() {
        try (var client = communicator(new KnowsItsChannel())) {
            client.connect();
            String name = client.receiveTextFrom();

            assertThat(name).isEqualTo(client.channelName());
            layer.send(name, Map.of("type", "note", "text", "hi"));
            assertThat(client.receiveTextFrom()).isEqualTo("note hi");
        }
    }

    // ---- send ----

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
    void sendAfterTheConsumerClosedThrowsConnectionClosedException() {
        var consumer = new SendsAfterClose();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("close now");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
            assertThat(consumer.late.failure()).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("by the consumer").hasMessageContaining("1000");
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @Test
    void sendAfterTheClientClosedButBeforeDisconnectIsDroppedWithoutAnException() throws Exception {
        var consumer = new SendsAfterClientLeft();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("go");
            assertThat(client.receiveTextFrom()).isEqualTo("before");
            assertThat(consumer.entered.await(2, TimeUnit.SECONDS)).isTrue();

            // The client leaves while the consumer is busy: its disconnect() must wait for the frame.
            FutureTask<Void> leaving = new FutureTask<>(() -> client.disconnect(4000), null);
            Thread leaver = new Thread(leaving, "client-leaving");
            leaver.start();
            // disconnect() tells the connection at once, then waits (timed) for the consumer to finish.
            await().atMost(WAIT).until(() -> leaver.getState() == Thread.State.TIMED_WAITING);
            consumer.release.countDown();
            leaving.get(5, TimeUnit.SECONDS);

            assertThat(consumer.late.failure()).isNull();
            assertThat(client.receiveNothing()).isTrue();
            assertThat(consumer.disconnects).containsExactly(4000);
        } finally {
            consumer.release.countDown();
        }
    }

    @Test
    void sendWithCloseSendsTheFrameThenClosesNormally() {
        try (var client = communicator(new SendsAndCloses())) {
            client.connect();
            client.sendTo("done?");

            assertThat(client.receiveTextFrom()).isEqualTo("bye");
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
        }
    }

    // ---- close ----

    @Test
    void closingTwiceKeepsTheFirstCodeAndDoesNotThrow() {
        var consumer = new ClosesTwice();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("close");

            assertThat(client.awaitClose(WAIT)).isEqualTo(4001);
            assertThat(consumer.second.failure()).isNull();
            assertThat(client.receiveNothing()).isTrue();
        }
        assertThat(consumer.disconnects).containsExactly(4001);
    }

    @ParameterizedTest(name = "close({0}) is refused")
    @ValueSource(ints = {-1, 0, 999, 1004, 1005, 1006, 1010, 1015, 1016, 2000, 2999, 5000})
    void closeRefusesCodesThatMayNotBeSent(int code) {
        var consumer = new ClosesWithCode();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo(Integer.toString(code));

            assertThat(consumer.closing.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Integer.toString(code));
            assertThat(client.receiveTextFrom()).isEqualTo("still open");
        }
    }

    @ParameterizedTest(name = "close({0}) is sent")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 3000, 4000, 4999})
    void closeSendsStandardAndApplicationCodes(int code) {
        var consumer = new ClosesWithCode();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo(Integer.toString(code));

            assertThat(client.awaitClose(WAIT)).isEqualTo(code);
            assertThat(consumer.closing.failure()).isNull();
        }
        assertThat(consumer.disconnects).containsExactly(code);
    }

    @ParameterizedTest(name = "a reason of {0} characters is refused")
    @ValueSource(strings = {"ascii", "two-byte", "four-byte"})
    void closeRefusesAReasonOfMoreThan123Utf8Bytes(String kind) {
        String reason = switch (kind) {
            case "ascii" -> "x".repeat(124);
            case "two-byte" -> "é".repeat(62); // 62 chars, 124 bytes
            default -> "😀".repeat(31); // 62 chars, 124 bytes
        };
        var consumer = new ClosesWithReason();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo(reason);

            assertThat(consumer.closing.failure()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("123").hasMessageContaining("124");
            assertThat(client.receiveTextFrom()).isEqualTo("still open");
        }
    }

    @Test
    void closeSendsAReasonOfExactly123Utf8Bytes() {
        String reason = "é".repeat(61) + "x"; // 123 bytes
        try (var client = communicator(new ClosesWithReason())) {
            client.connect();
            client.sendTo(reason);

            assertThat(client.awaitClose(WAIT)).isEqualTo(4000);
            assertThat(client.closeReason()).isEqualTo(reason);
        }
    }

    // ---- disconnect ----

    @Test
    void disconnectRunsOnceWithTheClientsCodeWhenTheClientCloses() {
        var consumer = new Echo();
        try (var client = communicator(consumer)) {
            client.connect();

            client.disconnect(4321);

            assertThat(consumer.disconnects).containsExactly(4321);
        }
        assertThat(consumer.disconnects).containsExactly(4321);
    }

    @Test
    void disconnectRunsOnceWhenTheNetworkDrops() {
        var consumer = new Echo();
        try (var client = communicator(consumer)) {
            client.connect();

            client.disconnect(1006);
        }
        assertThat(consumer.disconnects).containsExactly(1006);
    }

    @Test
    void disconnectRunsOnceWhenTheConsumerCloses() {
        var consumer = new SendsAndCloses();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("x");
            client.receiveTextFrom();
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);

            client.disconnect(CloseCodes.NORMAL); // the client answers the close frame
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.NORMAL);
    }

    @Test
    void aHandlerExceptionClosesWith1011AndDisconnectRunsOnce() {
        var consumer = new Throws();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();
            client.sendTo("this");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("handler broke on this");
            assertThat(log.awaitRecord("Throws").getThrown()).hasMessage("handler broke on this");
        }
        assertThat(consumer.disconnects).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @ParameterizedTest(name = "a failure message of \"{0}\"")
    @ValueSource(strings = {"200 x", "100000 x", "70 😀", "50000 😀", "60 é", "3 line\n"})
    void aLongFailureMessageIsCutToAValid123ByteCloseReason(String frame) {
        try (var log = RecordingLogHandler.attach(); var client = communicator(new ThrowsLongMessage())) {
            client.connect();
            client.sendTo(frame);

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            String reason = client.closeReason();
            String unit = frame.split(" ", 2)[1];
            int times = Integer.parseInt(frame.split(" ", 2)[0]);
            assertThat(log.awaitRecord("ThrowsLongMessage").getThrown()).hasMessage(unit.repeat(times));
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 123);
            assertThat(reason.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            assertThat(Character.isHighSurrogate(reason.charAt(reason.length() - 1)))
                    .as("ends with half a surrogate pair").isFalse();
            assertThat(unit.replace('\n', ' ').repeat(200)).startsWith(reason);
        }
    }

    @Test
    void framesAfterTheConsumerClosedAreNotHandled() {
        var consumer = new SendsAndCloses();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("first");
            client.sendTo("second");

            assertThat(client.receiveTextFrom()).isEqualTo("bye");
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    // ---- groups ----

    @Test
    void classGroupsAreJoinedBeforeConnectAndLeftAfterDisconnect() {
        var consumer = new InLobby();
        try (var client = communicator(consumer)) {
            client.connect();
            assertThat(layer.groupMembers("lobby")).containsExactly(client.channelName());

            client.disconnect();

            assertThat(consumer.membersSeenInConnect).containsExactly(1, 1);
            assertThat(consumer.membersSeenInDisconnect).containsExactly(1);
            assertThat(layer.groupMembers("lobby")).isEmpty();
            assertThat(layer.groupMembers("news")).isEmpty();
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
            assertThat(log.awaitRecord("JoinsGroups").getThrown()).hasMessage("failing on purpose");
        }
        assertThat(layer.groupMembers("room-a")).isEmpty();
        assertThat(layer.groupMembers("room-b")).isEmpty();
    }

    @Test
    void groupMembershipsOfOtherChannelsAreNotUndone() {
        String other = layer.newChannel("other").toCompletableFuture().join();
        try (var client = communicator(new AddsAnotherChannel(other))) {
            client.connect();
            client.disconnect();
        }
        assertThat(layer.groupMembers("others")).containsExactly(other);
    }

    @Test
    void groupMembersOfOneConnectionReachTheOther() {
        try (var first = communicator(new InLobby()); var second = communicator(new InLobby())) {
            first.connect();
            second.connect();

            GroupSendResult result = layer.groupSend("lobby", Map.of("type", "probe"))
                    .toCompletableFuture().join();

            assertThat(result.delivered()).isEqualTo(2);
            assertThat(layer.groupMembers("lobby"))
                    .containsExactlyInAnyOrder(first.channelName(), second.channelName());
        }
        assertThat(layer.groupMembers("lobby")).isEmpty();
    }

    @Test
    void theConsumerCannotCloseTheSharedLayer() {
        var consumer = new TriesToCloseTheLayer();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("close it");

            assertThat(consumer.closing.failure()).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(layer.newChannel("still-open").toCompletableFuture().join()).startsWith("still-open");
    }

    // ---- threads and order ----

    @Test
    void aSlowConsumerDoesNotDelayAnotherConnection() throws InterruptedException {
        var slow = new Stalls();
        try (var stalled = communicator(slow); var other = communicator(new Echo())) {
            stalled.connect();
            other.connect();
            stalled.sendTo("slow");
            assertThat(slow.entered.await(2, TimeUnit.SECONDS)).isTrue();

            other.sendTo("fast");

            assertThat(other.receiveTextFrom()).isEqualTo("echo fast");
            assertThat(stalled.receiveNothing()).isTrue();
            slow.release.countDown();
            assertThat(stalled.receiveTextFrom()).isEqualTo("done slow");
        } finally {
            slow.release.countDown();
        }
    }

    @Test
    void framesAndLayerEventsAreHandledOneAtATimeInArrivalOrder() throws InterruptedException {
        var consumer = new Interleaves();
        List<String> sent = new ArrayList<>();
        try (var client = communicator(consumer)) {
            client.connect();
            client.sendTo("f1");
            sent.add("frame f1");
            assertThat(consumer.entered.await(2, TimeUnit.SECONDS)).isTrue();

            // While f1 is being handled, frames and events arrive in this order:
            for (String item : List.of("e1", "e2", "f2", "e3", "f3", "f4", "e4", "e5", "e6", "f5")) {
                if (item.startsWith("e")) {
                    layer.send(client.channelName(), Map.of("type", "tick", "n", item));
                    sent.add("event " + item);
                } else {
                    client.sendTo(item);
                    sent.add("frame " + item);
                }
            }
            consumer.release.countDown();

            List<String> handled = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                handled.add(client.receiveTextFrom());
            }
            assertThat(handled).containsExactlyElementsOf(sent);
            assertThat(consumer.overlaps).hasValue(0);
        } finally {
            consumer.release.countDown();
        }
    }

    @Test
    void aConsumerCannotActBeforeItIsConnected() {
        var consumer = new Echo();
        assertThatThrownBy(consumer::channelName).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not connected yet");
    }

    @Test
    void aSendInDisconnectAfterTheClientLeftIsDroppedNotAnError() throws Exception {
        SaysGoodbye consumer = new SaysGoodbye();
        try (var log = io.channels4j.support.RecordingLogHandler.attach(); var client = communicator(consumer)) {
            assertThat(client.connect().accepted()).isTrue();
            client.disconnect(1001);
            assertThat(consumer.outcome.get(2, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("sent");
            assertThat(client.receiveNothing(java.time.Duration.ofMillis(100))).isTrue();
            assertThat(log.records()).noneMatch(r -> r.getMessage() != null && r.getMessage().contains("disconnect("));
        }
    }
}
