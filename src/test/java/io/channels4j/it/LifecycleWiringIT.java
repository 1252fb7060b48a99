package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.Scope;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.Reports;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * Methods named like the container callbacks of plain endpoints, without annotations; each
     * reports that it ran, which it must not.
     */
    public interface CallbackLookalikes {
        Scope scope();

        default void onOpen(Session session) {
            report("onOpen");
        }

        default void onMessage(String text) {
            report("onMessage");
        }

        default void onClose() {
            report("onClose");
        }

        default void onError(Throwable error) {
            report("onError");
        }

        private void report(String callback) {
            Reports.add(scope().queryParam("id").orElseThrow(), "lookalike", callback);
        }
    }

    /** Declares {@link CallbackLookalikes}' methods. */
    @ServerEndpoint("/ws/lookalike/sync/")
    public static class SyncLookalike extends WebsocketConsumer implements CallbackLookalikes {
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
    }

    /** The asynchronous twin of {@link SyncLookalike}. */
    @ServerEndpoint("/ws/lookalike/async/")
    public static class AsyncLookalike extends AsyncWebsocketConsumer implements CallbackLookalikes {
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

    /** Narrows the return type of each step it overrides to {@code CompletableFuture}, as an override may. */
    @ServerEndpoint("/ws/narrowed/")
    public static class NarrowedReturns extends AsyncWebsocketConsumer {
        @Override
        protected CompletableFuture<Void> connect() {
            return accept().toCompletableFuture();
        }

        @Override
        protected CompletableFuture<Void> receive(String text) {
            return send("narrowed got " + text).toCompletableFuture();
        }

        @Override
        protected CompletableFuture<Void> disconnect(int code) {
            Reports.add(id(this), "disconnect", code);
            return CompletableFuture.completedFuture(null);
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

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(b -> b.endpoint(SyncLookalike.class,
            AsyncLookalike.class, Overloads.class, EnglishGreeter.class, FinalConsumer.class, BinaryOnly.class,
            NarrowedReturns.class));

    /**
     * Connects to {@code path} with a new id, lets {@code talk} exchange frames, closes from the
     * client side and checks the server answered with 1000 and {@code disconnect} ran once with it.
     *
     * @return the connection's id, for more checks of what its consumer reported
     */
    private static String talkThenClose(String path, Consumer<WebsocketClient> talk) {
        String id = Reports.newId();
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws(path + "?id=" + id))) {
            talk.accept(client);
            client.close(1000);
            assertThat(client.awaitClose()).isEqualTo(1000);
        }
        assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1000);
        return id;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async"})
    void unannotatedMethodsNamedLikeContainerCallbacksAreNeverCalledAndTheLifecycleStillRuns(String kind) {
        String id = talkThenClose("ws/lookalike/" + kind + "/", client -> {
            client.send("ping");
            assertThat(client.receiveText()).isEqualTo(kind + " lookalike got ping");
        });
        assertThat(Reports.all(id, "connect")).hasSize(1);
        assertThat(Reports.all(id, "lookalike")).isEmpty();
    }

    @Test
    void overloadsOfReceiveDoNotDisturbTextAndBinaryDispatch() {
        String id = talkThenClose("ws/overloads/", client -> {
            client.send("ab");
            assertThat(client.receiveText()).isEqualTo("abab");
            client.send("xy".getBytes(StandardCharsets.UTF_8));
            assertThat(client.receiveText()).isEqualTo("xy");
        });
        assertThat(Reports.all(id, "lookalike")).isEmpty();
    }

    @Test
    void aConcreteSubclassOfAnAbstractUserBaseClassRunsTheInheritedSteps() {
        talkThenClose("ws/greeter/", client -> {
            assertThat(client.receiveText()).isEqualTo("hello");
            client.send("world");
            assertThat(client.receiveText()).isEqualTo("hello, world");
        });
    }

    /** A final consumer class, and steps that narrow their return type to CompletableFuture. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ws/final/, final got x", "ws/narrowed/, narrowed got x"})
    void consumersOfUnusualShapesAreWired(String path, String answer) {
        talkThenClose(path, client -> {
            client.send("x");
            assertThat(client.receiveText()).isEqualTo(answer);
        });
    }

    @Test
    void aConsumerOverridingOnlySomeStepsGetsTheDefaultsForTheRest() {
        talkThenClose("ws/partial/", client -> {
            client.send("ignored by the default receive(String)");
            client.send(new byte[] {1, 2, 3});
            assertThat(client.receiveText()).isEqualTo("binary of 3 bytes");
        });
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
