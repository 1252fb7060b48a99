package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.Reports;
import io.channels4j.support.WsClient;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lifecycle is wired whatever the user's class declares: methods that look like container
 * callbacks, overloads of {@code receive}, abstract intermediate classes, final classes, classes
 * that override only some steps. Each consumer here reports its steps; every test connects,
 * exchanges a frame and closes, and checks each step ran once.
 */
class LifecycleWiringIT {

    private static String id(WebsocketConsumer c) {
        return c.scope().queryParam("id").orElseThrow();
    }

    private static String id(AsyncWebsocketConsumer c) {
        return c.scope().queryParam("id").orElseThrow();
    }

    /** Declares, without annotations, methods named like the container callbacks of plain endpoints. */
    @ServerEndpoint("/ws/lookalike/sync/")
    public static class SyncLookalike extends WebsocketConsumer {
        @Override
        protected void connect() {
            Reports.add(id(this), "connect", true);
            accept();
        }

        @Override
        protected void receive(String text) {
            send("sync lookalike got " + text);
        }

        @Override
        protected void disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
        }

        public void onOpen(Session session) {
            Reports.add(id(this), "lookalike", "onOpen");
        }

        public void onMessage(String text) {
            Reports.add(id(this), "lookalike", "onMessage");
        }

        public void onClose() {
            Reports.add(id(this), "lookalike", "onClose");
        }

        public void onError(Throwable error) {
            Reports.add(id(this), "lookalike", "onError");
        }
    }

    /** The asynchronous twin of {@link SyncLookalike}. */
    @ServerEndpoint("/ws/lookalike/async/")
    public static class AsyncLookalike extends AsyncWebsocketConsumer {
        @Override
        protected CompletionStage<Void> connect() {
            Reports.add(id(this), "connect", true);
            return accept();
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return send("async lookalike got " + text);
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
            return done();
        }

        public void onOpen(Session session) {
            Reports.add(id(this), "lookalike", "onOpen");
        }

        public void onMessage(String text) {
            Reports.add(id(this), "lookalike", "onMessage");
        }

        public void onClose() {
            Reports.add(id(this), "lookalike", "onClose");
        }

        public void onError(Throwable error) {
            Reports.add(id(this), "lookalike", "onError");
        }
    }

    /** Overloads {@code receive} with signatures the base classes do not have. */
    @ServerEndpoint("/ws/overloads/")
    public static class Overloads extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            receive(text, 2);
        }

        @Override
        protected void receive(byte[] bytes) {
            receive(new String(bytes, StandardCharsets.UTF_8), 1);
        }

        protected void receive(String text, int times) {
            send(text.repeat(times));
        }

        public void receive(List<String> texts) {
            Reports.add(id(this), "lookalike", "receive(List)");
        }

        @Override
        protected void disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
        }
    }

    /** A user's abstract base class between the channels4j base class and the endpoint. */
    public abstract static class Greeter extends AsyncWebsocketConsumer {
        protected abstract String greeting();

        @Override
        protected CompletionStage<Void> connect() {
            return accept().thenCompose(v -> send(greeting()));
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return send(greeting() + ", " + text);
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
            return done();
        }
    }

    @ServerEndpoint("/ws/greeter/")
    public static class EnglishGreeter extends Greeter {
        @Override
        protected String greeting() {
            return "hello";
        }
    }

    @ServerEndpoint("/ws/final/")
    public static final class FinalConsumer extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send("final got " + text);
        }

        @Override
        protected void disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
        }
    }

    /** Overrides only the binary step: connect accepts by default, text frames are ignored. */
    @ServerEndpoint("/ws/partial/")
    public static class BinaryOnly extends AsyncWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receive(byte[] bytes) {
            return CompletableFuture.supplyAsync(() -> bytes.length)
                    .thenCompose(n -> send("binary of " + n + " bytes"));
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
            return done();
        }
    }

    /** Annotates a lifecycle method itself, which channels4j must refuse. */
    @ServerEndpoint("/ws/annotated/")
    public static class AnnotatesItsOwnOnMessage extends WebsocketConsumer {
        @OnMessage
        public void handle(String text) {
            send(text);
        }
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.builder()
                .endpoint(SyncLookalike.class, AsyncLookalike.class, Overloads.class, EnglishGreeter.class,
                        FinalConsumer.class, BinaryOnly.class)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static WsClient connect(String path, String id) {
        return WsClient.connect(server.wsUri().resolve(path + "?id=" + id));
    }

    /** Closes from the client side and waits for the server's answering close frame. */
    private static void closeNormally(WsClient client) {
        client.close(1000);
        assertThat(client.awaitClose()).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async"})
    void unannotatedMethodsNamedLikeContainerCallbacksAreNeverCalledAndTheLifecycleStillRuns(String kind) {
        String id = Reports.newId();
        try (WsClient client = connect("ws/lookalike/" + kind + "/", id)) {
            client.send("ping");
            assertThat(client.receive()).isEqualTo(kind + " lookalike got ping");
            closeNormally(client);
        }
        assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1000);
        assertThat(Reports.all(id, "connect")).hasSize(1);
        assertThat(Reports.all(id, "lookalike")).isEmpty();
    }

    @Test
    void overloadsOfReceiveDoNotDisturbTextAndBinaryDispatch() {
        String id = Reports.newId();
        try (WsClient client = connect("ws/overloads/", id)) {
            client.send("ab");
            assertThat(client.receive()).isEqualTo("abab");
            client.send("xy".getBytes(StandardCharsets.UTF_8));
            assertThat(client.receive()).isEqualTo("xy");
            closeNormally(client);
        }
        assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1000);
        assertThat(Reports.all(id, "lookalike")).isEmpty();
    }

    @Test
    void aConcreteSubclassOfAnAbstractUserBaseClassRunsTheInheritedSteps() {
        String id = Reports.newId();
        try (WsClient client = connect("ws/greeter/", id)) {
            assertThat(client.receive()).isEqualTo("hello");
            client.send("world");
            assertThat(client.receive()).isEqualTo("hello, world");
            closeNormally(client);
        }
        assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1000);
    }

    @Test
    void aFinalConsumerClassIsWired() {
        String id = Reports.newId();
        try (WsClient client = connect("ws/final/", id)) {
            client.send("x");
            assertThat(client.receive()).isEqualTo("final got x");
            closeNormally(client);
        }
        assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1000);
    }

    @Test
    void aConsumerOverridingOnlySomeStepsGetsTheDefaultsForTheRest() {
        String id = Reports.newId();
        try (WsClient client = connect("ws/partial/", id)) {
            client.send("ignored by the default receive(String)");
            client.send(new byte[] {1, 2, 3});
            assertThat(client.receive()).isEqualTo("binary of 3 bytes");
            closeNormally(client);
        }
        assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1000);
    }

    @Test
    void startRefusesAConsumerThatAnnotatesItsOwnLifecycleMethod() {
        EmbeddedServer refused = EmbeddedServer.builder().endpoint(AnnotatesItsOwnOnMessage.class).build();
        assertThatThrownBy(refused::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(AnnotatesItsOwnOnMessage.class.getName() + ".handle")
                .hasMessageContaining("@OnMessage")
                .hasMessageContaining("override connect(), receive(...) or disconnect(int) instead");
        assertThat(refused.port()).isEqualTo(-1);
    }
}
