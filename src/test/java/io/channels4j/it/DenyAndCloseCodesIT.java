package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.WebsocketConsumer;
import io.channels4j.support.Reports;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which close code the client sees when a consumer denies, closes, closes after a send, or fails. */
class DenyAndCloseCodesIT {

    /** Denies every connection with the default code. */
    @ServerEndpoint("/ws/deny/")
    public static class Denying extends WebsocketConsumer {
        @Override
        protected void connect() {
            close();
        }

        @Override
        protected void disconnect(int code) {
            scope().queryParam("id").ifPresent(id -> Reports.add(id, "disconnect", code));
        }
    }

    /** Denies every connection with the code in the path. */
    @ServerEndpoint("/ws/deny/{code}/")
    public static class DenyingWithCode extends WebsocketConsumer {
        @Override
        protected void connect() {
            close(Integer.parseInt(scope().urlRoute().kwargs().get("code")));
        }
    }

    /** Answers "bye" with close(4123) and reports the code its disconnect saw. */
    @ServerEndpoint("/ws/closer/")
    public static class Closing extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            if (text.equals("bye")) {
                close(4123);
            } else {
                send("echo " + text);
            }
        }

        @Override
        protected void disconnect(int code) {
            Reports.add(scope().queryParam("id").orElseThrow(), "disconnect", code);
        }
    }

    /** Answers each frame with a last word and closes. */
    @ServerEndpoint("/ws/last-word/")
    public static class LastWord extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send("last word on " + text, true);
        }
    }

    /** Throws on "boom", echoes anything else. */
    @ServerEndpoint("/ws/boom/")
    public static class Exploding extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("the consumer exploded on purpose");
            }
            send("echo " + text);
        }
    }

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(b -> b.endpoint(Denying.class,
            DenyingWithCode.class, Closing.class, LastWord.class, Exploding.class));

    private static URI ws(String path) {
        return SERVER.ws(path);
    }

    @Test
    void closingInConnectDeniesWith1008RightAfterTheHandshake() {
        String id = Reports.newId();
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/deny/?id=" + id))) {
            assertThat(client.awaitClose()).isEqualTo(1008);
            assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(1008);
        }
    }

    @Test
    void closingInConnectWithACodeDeniesWithThatCode() {
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/deny/4403/"))) {
            assertThat(client.awaitClose()).isEqualTo(4403);
        }
    }

    @Test
    void aDeniedClientReceivesNoFrames() {
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/deny/4403/"))) {
            client.awaitClose();
            assertThat(client.receiveNothing(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void anApplicationCloseCodeReachesTheClientAndTheConsumersDisconnect() {
        String id = Reports.newId();
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/closer/?id=" + id))) {
            client.send("hello");
            assertThat(client.receiveText()).isEqualTo("echo hello");
            client.send("bye");
            assertThat(client.awaitClose()).isEqualTo(4123);
            assertThat(Reports.awaitExactlyOnce(id, "disconnect")).isEqualTo(4123);
        }
    }

    @Test
    void sendWithCloseDeliversTheFrameThenClosesWith1000() {
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/last-word/"))) {
            client.send("goodbye");
            assertThat(client.receiveText()).isEqualTo("last word on goodbye");
            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(client.receiveNothing(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void aHandlerExceptionClosesOnlyItsOwnConnectionWith1011() {
        try (WebsocketClient victim = WebsocketClient.connect(ws("ws/boom/"));
             WebsocketClient bystander = WebsocketClient.connect(ws("ws/boom/"));
             WebsocketClient otherEndpoint = WebsocketClient.connect(ws("ws/closer/?id=" + Reports.newId()))) {
            victim.send("boom");
            assertThat(victim.awaitClose()).isEqualTo(1011);
            assertThat(victim.closeReason()).isEqualTo("internal error");
            bystander.send("still alive?");
            assertThat(bystander.receiveText()).isEqualTo("echo still alive?");
            otherEndpoint.send("and you?");
            assertThat(otherEndpoint.receiveText()).isEqualTo("echo and you?");
            assertThat(bystander.closeCode()).isEmpty();
        }
    }
}
