package io.channels4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WebsocketClient} over real sockets: an embedded server, and a hand-written one for the rare cases. */
class WebsocketClientTest {

    private static final Duration SHORT = Duration.ofMillis(200);
    private static final Map<String, CompletableFuture<Integer>> DISCONNECTS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    /**
     * Obeys the text frames it gets: {@code texts:a,b} sends each as a frame, {@code bytes:1,2}
     * sends one binary frame, {@code close:code:reason} closes, {@code header:name} answers with
     * that header's values; anything else, and every binary frame, is echoed.
     */
    @ServerEndpoint(value = "/ws/scripted/", subprotocols = {"b", "c"}, configurator = ConsumerConfigurator.class)
    public static class Scripted extends WebsocketConsumer {
        @Override
        protected void connect() {
            scope().subprotocols().stream().filter(List.of("b", "c")::contains).findFirst()
                    .ifPresentOrElse(this::accept, this::accept);
        }

        @Override
        protected void receive(String text) {
            String[] command = text.split(":", 3);
            switch (command[0]) {
                case "texts" -> Arrays.stream(command[1].split(",")).forEach(this::send);
                case "bytes" -> send(bytes(command[1]));
                case "close" -> close(Integer.parseInt(command[1]), command.length > 2 ? command[2] : "");
                case "header" -> send(String.valueOf(scope().headers().get(command[1])));
                default -> send(text);
            }
        }

        @Override
        protected void receive(byte[] bytes) {
            send(bytes);
        }

        @Override
        protected void disconnect(int code) {
            scope().queryParam("id").ifPresent(id -> disconnected(id).complete(code));
        }

        private static byte[] bytes(String list) {
            String[] values = list.split(",");
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) Integer.parseInt(values[i]);
            }
            return bytes;
        }
    }

    /** Lets in only the origin https://ok.example. */
    public static class OneOrigin extends ConsumerConfigurator {
        @Override
        protected List<String> allowedOrigins() {
            return List.of("https://ok.example");
        }
    }

    @ServerEndpoint(value = "/ws/guarded/", configurator = OneOrigin.class)
    public static class Guarded extends WebsocketConsumer {
    }

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(b -> b.endpoint(Scripted.class, Guarded.class));

    private static CompletableFuture<Integer> disconnected(String id) {
        return DISCONNECTS.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private static int disconnectCode(String id) throws Exception {
        return disconnected(id).get(5, TimeUnit.SECONDS);
    }

    private static String newId() {
        return "c" + IDS.incrementAndGet();
    }

    private static URI scripted(String id) {
        return SERVER.ws("ws/scripted/?id=" + id);
    }

    private static WebsocketClient connect() {
        return WebsocketClient.connect(scripted(newId()));
    }

    // ---- sending and receiving ----

    @Test
    void textBinaryAndJsonFramesGoBothWaysInOrder() {
        try (WebsocketClient client = connect()) {
            client.send("hello");
            client.send(new byte[] {1, 2, (byte) 0xff});
            client.sendJson(Map.of("a", List.of(1, true)));

            assertThat(client.receiveText()).isEqualTo("hello");
            assertThat(client.receiveBytes()).containsExactly(1, 2, 0xff);
            assertThat(client.receiveJson()).isEqualTo(Map.of("a", List.of(BigDecimal.ONE, true)));
            client.assertNothingLeftOver();
        }
    }

    @Test
    void aLargeFrameArrivesWhole() {
        String large = "x".repeat(200_000);
        try (WebsocketClient client = connect()) {
            client.send(large);
            assertThat(client.receiveText()).isEqualTo(large);
        }
    }

    @Test
    void fragmentedMessagesArriveAsOneFrameEach() throws Exception {
        try (FakeWebsocketServer fake = new FakeWebsocketServer(); WebsocketClient client = connectTo(fake)) {
            fake.send(FakeWebsocketServer.TEXT, false, "hel".getBytes(StandardCharsets.UTF_8));
            fake.send(FakeWebsocketServer.CONTINUATION, true, "lo".getBytes(StandardCharsets.UTF_8));
            fake.send(FakeWebsocketServer.BINARY, false, new byte[] {1});
            fake.send(FakeWebsocketServer.CONTINUATION, false, new byte[] {2});
            fake.send(FakeWebsocketServer.CONTINUATION, true, new byte[] {3});

            assertThat(client.receiveText()).isEqualTo("hello");
            assertThat(client.receiveBytes()).containsExactly(1, 2, 3);
            assertThat(client.receiveNothing(SHORT)).isTrue();
        }
    }

    @Test
    void severalThreadsMaySendOnOneClientAtOnce() throws Exception {
        try (WebsocketClient client = connect()) {
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                senders.add(CompletableFuture.runAsync(() -> IntStream.range(0, 50)
                        .forEach(n -> client.send(thread + "-" + n))));
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            List<String> received = IntStream.range(0, 200).mapToObj(i -> client.receiveText()).toList();
            List<String> sent = IntStream.range(0, 4).boxed()
                    .flatMap(t -> IntStream.range(0, 50).mapToObj(n -> t + "-" + n)).toList();
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
            for (int t = 0; t < 4; t++) {
                String prefix = t + "-";
                assertThat(received.stream().filter(s -> s.startsWith(prefix)).toList())
                        .as("frames of sender %d in its order", t)
                        .containsExactlyElementsOf(sent.stream().filter(s -> s.startsWith(prefix)).toList());
            }
        }
    }

    // ---- what a receive says when something else came ----

    @Test
    void receiveTextFailsNamingTheBinaryFrameThatCameInstead() {
        try (WebsocketClient client = connect()) {
            client.send("bytes:1,2,3");
            assertThatThrownBy(client::receiveText).isInstanceOf(AssertionError.class)
                    .hasMessage("expected a text frame, got a binary frame of 3 bytes [01 02 03]");
        }
    }

    @Test
    void receiveBytesFailsNamingTheTextFrameThatCameInstead() {
        try (WebsocketClient client = connect()) {
            client.send("plain words");
            assertThatThrownBy(client::receiveBytes).isInstanceOf(AssertionError.class)
                    .hasMessage("expected a binary frame, got a text frame \"plain words\"");
        }
    }

    @Test
    void receiveJsonFailsOnTextThatIsNotJson() {
        try (WebsocketClient client = connect()) {
            client.send("{not json");
            assertThatThrownBy(client::receiveJson).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected a JSON text frame, got text that is not JSON: \"{not json\"");
        }
    }

    @Test
    void aReceiveAfterTheServerClosedFailsAtOnceWithTheCodeAndReason() {
        try (WebsocketClient client = connect()) {
            client.send("close:4321:bye now");
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.receiveText(Duration.ofSeconds(30))).isInstanceOf(AssertionError.class)
                    .hasMessage("expected a text frame, but none came before the end; no unread frame; "
                            + "the server closed the connection with 4321 (reason \"bye now\")");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aReceiveThatTimesOutSaysNothingCameAndTheConnectionIsOpen() {
        try (WebsocketClient client = connect()) {
            assertThatThrownBy(() -> client.receiveBytes(SHORT)).isInstanceOf(AssertionError.class)
                    .hasMessage("expected a binary frame within 200 ms, but none came; no unread frame; "
                            + "the connection is open");
        }
    }

    @Test
    void theReceiveTimeoutIsTheWaitOfTheMethodsWithoutOne() {
        try (WebsocketClient client = WebsocketClient.to(scripted(newId())).receiveTimeout(SHORT).connect()) {
            long started = System.nanoTime();
            assertThatThrownBy(client::receiveText).hasMessageContaining("within 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    // ---- reading past frames, and silence ----

    @Test
    void receiveTextMatchingPassesOverOtherFramesAndLeavesThemInOrder() {
        try (WebsocketClient client = connect()) {
            client.send("texts:a1,b1,a2");
            assertThat(client.receiveTextMatching(t -> t.startsWith("b"))).isEqualTo("b1");
            assertThat(client.receiveText()).isEqualTo("a1");
            assertThat(client.receiveText()).isEqualTo("a2");
        }
    }

    @Test
    void aMatchingReceiveThatFindsNothingListsTheUnreadFrames() {
        try (WebsocketClient client = connect()) {
            client.send("texts:a1");
            assertThat(client.pollTextMatching(t -> t.startsWith("z"), SHORT)).isEmpty();
            assertThatThrownBy(() -> client.receiveTextMatching(t -> t.startsWith("z"), SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected a text frame matching the condition within 200 ms, but none came; "
                            + "unread: [text frame \"a1\"]; the connection is open");
            assertThat(client.pollTextMatching(t -> t.startsWith("a"), SHORT)).hasValue("a1");
        }
    }

    @Test
    void twoThreadsWaitingForDifferentFramesEachGetTheirOwn() throws Exception {
        try (WebsocketClient client = connect()) {
            CompletableFuture<String> other = CompletableFuture.supplyAsync(
                    () -> client.receiveTextMatching(t -> t.startsWith("a")));
            client.send("texts:b1,a1");
            assertThat(client.receiveTextMatching(t -> t.startsWith("b"))).isEqualTo("b1");
            assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo("a1");
            client.assertNothingLeftOver();
        }
    }

    @Test
    void receiveNothingIsTrueWhileTheServerIsSilentAndFalseWhenAFrameWaitsWhichStaysReadable() {
        try (WebsocketClient client = connect()) {
            assertThat(client.receiveNothing(SHORT)).isTrue();
            client.send("here");
            assertThat(client.receiveNothing(Duration.ofSeconds(5))).isFalse();
            assertThat(client.receiveText()).isEqualTo("here");
        }
    }

    @Test
    void receiveNothingIsFalseWhenTheServerClosesUntilTheTestHasReadTheClose() {
        try (WebsocketClient client = connect()) {
            client.send("close:4000");
            assertThat(client.receiveNothing(Duration.ofSeconds(5))).isFalse();
            assertThat(client.awaitClose()).isEqualTo(4000);
            assertThat(client.receiveNothing(Duration.ofSeconds(30))).as("returns at once: nothing can come").isTrue();
        }
    }

    // ---- the close ----

    @Test
    void awaitCloseGivesTheServersCodeAndReasonAndTheFramesBeforeStayReadable() {
        try (WebsocketClient client = connect()) {
            assertThat(client.closeCode()).isEmpty();
            client.send("texts:last");
            client.send("close:4100:done");
            assertThat(client.awaitClose()).isEqualTo(4100);
            assertThat(client.closeReason()).isEqualTo("done");
            assertThat(client.closeCode()).hasValue(4100);
            assertThat(client.receiveText()).isEqualTo("last");
        }
    }

    @Test
    void awaitCloseFailsWhenTheConnectionStaysOpen() {
        try (WebsocketClient client = connect()) {
            client.send("texts:unread");
            assertThat(client.receiveNothing(Duration.ofSeconds(5))).isFalse();
            assertThatThrownBy(() -> client.awaitClose(SHORT)).isInstanceOf(AssertionError.class)
                    .hasMessage("the server did not close the connection within 200 ms; "
                            + "unread: [text frame \"unread\"]; the connection is open");
        }
    }

    @Test
    void aClientCloseReachesTheConsumerWithItsCodeAndTheServerAnswersWithIt() throws Exception {
        String id = newId();
        try (WebsocketClient client = WebsocketClient.connect(scripted(id))) {
            client.close(4001);
            assertThat(client.awaitClose()).isEqualTo(4001);
            assertThat(disconnectCode(id)).isEqualTo(4001);
            client.assertNothingLeftOver();
        }
    }

    @Test
    void theClientEchoesTheServersCloseCodeUnlessToldToAnswerWithAnother() throws Exception {
        try (FakeWebsocketServer fake = new FakeWebsocketServer(); WebsocketClient client = connectTo(fake)) {
            fake.sendClose(4000);
            assertThat(client.awaitClose()).isEqualTo(4000);
            assertThat(fake.read().closeCode()).isEqualTo(4000);
        }
        try (FakeWebsocketServer fake = new FakeWebsocketServer(); WebsocketClient client = connectTo(fake)) {
            client.answerCloseWith(4999);
            fake.sendClose(4000);
            assertThat(client.awaitClose()).isEqualTo(4000);
            FakeWebsocketServer.Frame answer = fake.read();
            assertThat(answer.opcode()).isEqualTo(FakeWebsocketServer.CLOSE);
            assertThat(answer.closeCode()).isEqualTo(4999);
        }
    }

    @Test
    void aConnectionDroppedByTheServerWithoutACloseFrameEndsWith1006() throws Exception {
        try (FakeWebsocketServer fake = new FakeWebsocketServer(); WebsocketClient client = connectTo(fake)) {
            fake.dropConnection();
            assertThat(client.awaitClose()).isEqualTo(1006);
            assertThatThrownBy(client::receiveText).hasMessageContaining("the connection broke without a close frame");
        }
    }

    @Test
    void abortDropsTheConnectionWithoutACloseFrame() throws Exception {
        String id = newId();
        try (WebsocketClient client = WebsocketClient.connect(scripted(id))) {
            client.abort();
            assertThat(disconnectCode(id)).isEqualTo(1006);
            assertThat(client.closeCode()).isEmpty();
            assertThatThrownBy(client::awaitClose).isInstanceOf(AssertionError.class)
                    .hasMessage("no close can come: this client aborted the connection");
            client.assertNothingLeftOver();
        }
    }

    // ---- nothing left over ----

    @Test
    void assertNothingLeftOverListsEveryUnreadFrameAndTheUnreadClose() {
        URI uri = scripted(newId());
        try (WebsocketClient client = WebsocketClient.connect(uri)) {
            client.send("texts:one,two");
            client.send("close:4100:enough");
            assertThat(client.pollTextMatching(t -> false, Duration.ofSeconds(5))).as("returns at the close").isEmpty();

            assertThatThrownBy(client::assertNothingLeftOver).isInstanceOf(AssertionError.class)
                    .hasMessage("3 unread from " + uri + ":\n  text frame \"one\"\n  text frame \"two\"\n"
                            + "  the server closed the connection with 4100 (reason \"enough\")");

            assertThat(client.receiveText()).isEqualTo("one");
            assertThat(client.receiveText()).isEqualTo("two");
            assertThat(client.awaitClose()).isEqualTo(4100);
            assertThatCode(client::assertNothingLeftOver).doesNotThrowAnyException();
        }
    }

    // ---- the handshake ----

    @Test
    void theAgreedSubprotocolIsTheFirstOfferedThatTheEndpointLists() {
        try (WebsocketClient client = WebsocketClient.to(scripted(newId())).subprotocols("a", "c", "b").connect()) {
            assertThat(client.subprotocol()).isEqualTo("c");
        }
        try (WebsocketClient client = connect()) {
            assertThat(client.subprotocol()).isEmpty();
        }
    }

    @Test
    void headersAreSentAndAHeaderGivenTwiceGoesAsTwoLines() {
        try (WebsocketClient client = WebsocketClient.to(scripted(newId()))
                .header("X-Single", "only").header("X-Multi", "one").header("X-Multi", "two").connect()) {
            client.send("header:x-single");
            assertThat(client.receiveText()).isEqualTo("[only]");
            client.send("header:x-multi");
            assertThat(client.receiveText()).isEqualTo("[one, two]");
        }
    }

    @Test
    void aRefusedHandshakeGivesItsHttpStatus() {
        URI guarded = SERVER.ws("ws/guarded/");
        assertThat(WebsocketClient.to(guarded).header("Origin", "https://evil.example").refusedStatus()).isEqualTo(403);
        assertThatThrownBy(() -> WebsocketClient.to(guarded).header("Origin", "https://evil.example").connect())
                .isInstanceOf(AssertionError.class)
                .hasMessage("the server refused the WebSocket handshake to " + guarded
                        + " with HTTP 403 (to expect a refusal, use refusedStatus())");
    }

    @Test
    void refusedStatusFailsWhenTheServerAccepts() {
        URI guarded = SERVER.ws("ws/guarded/");
        assertThatThrownBy(() -> WebsocketClient.to(guarded).header("Origin", "https://ok.example").refusedStatus())
                .isInstanceOf(AssertionError.class)
                .hasMessage("the server accepted the WebSocket handshake to " + guarded
                        + " (agreed subprotocol \"\"); expected a refusal");
    }

    @Test
    void aHandshakeThatIsNeverAnsweredFailsAfterTheConnectTimeout() throws Exception {
        try (FakeWebsocketServer silent = new FakeWebsocketServer()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> WebsocketClient.to(silent.uri()).connectTimeout(Duration.ofMillis(300)).connect())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(silent.uri() + " within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aServerThatIsNotThereIsReportedWithTheCause() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI nobody = URI.create("ws://127.0.0.1:" + port + "/");
        assertThatThrownBy(() -> WebsocketClient.connect(nobody)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("could not open a WebSocket to " + nobody + ": java.net.ConnectException");
        assertThatThrownBy(() -> WebsocketClient.to(nobody).refusedStatus()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected an HTTP refusal, but could not open a WebSocket to " + nobody);
    }

    // ---- misuse ----

    @Test
    void badArgumentsAreRefusedWithTheRule() {
        assertThatThrownBy(() -> WebsocketClient.to(URI.create("http://127.0.0.1/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts with ws:// or wss://");
        assertThatThrownBy(() -> WebsocketClient.to(scripted("x")).connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout must be positive");
        try (WebsocketClient client = connect()) {
            assertThatThrownBy(() -> client.receiveText(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
            assertThatThrownBy(() -> client.answerCloseWith(999))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1000 and 4999");
            assertThatThrownBy(() -> client.close(1005))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot send close code 1005");
        }
    }

    /** Connects to {@code fake}, which answers the handshake on this thread meanwhile. */
    private static WebsocketClient connectTo(FakeWebsocketServer fake) throws Exception {
        CompletableFuture<WebsocketClient> connecting = CompletableFuture.supplyAsync(() -> WebsocketClient.connect(fake.uri()));
        try {
            fake.acceptOne();
        } catch (IOException e) {
            connecting.thenAccept(WebsocketClient::abort);
            throw e;
        }
        return connecting.get(5, TimeUnit.SECONDS);
    }
}
