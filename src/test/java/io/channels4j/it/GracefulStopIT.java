package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.Reports;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@link EmbeddedServer#stop()} closes every client with 1001, returns only after their
 * {@code disconnect} steps ran, and frees the port. Each test stops its own server.
 */
class GracefulStopIT {

    @ServerEndpoint("/ws/stop/sync/")
    public static class SyncStopped extends WebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            send("welcome");
        }

        @Override
        protected void disconnect(int code) {
            Reports.add(scope().queryParam("id").orElseThrow(), "disconnect", code);
        }
    }

    /** Takes 300 ms to finish its disconnect, which stop() must wait for. */
    @ServerEndpoint("/ws/stop/async/")
    public static class AsyncStoppedSlowly extends AsyncWebsocketConsumer {
        @Override
        protected CompletionStage<Void> connect() {
            return accept().thenCompose(v -> send("welcome"));
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            String id = scope().queryParam("id").orElseThrow();
            return CompletableFuture.runAsync(() -> Reports.add(id, "disconnect", code),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        }
    }

    private EmbeddedServer server;

    @BeforeEach
    void start() {
        server = EmbeddedServer.builder().endpoint(SyncStopped.class, AsyncStoppedSlowly.class).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private record Connected(WebsocketClient client, String id) {
    }

    private List<Connected> connectSome() {
        List<Connected> connected = new ArrayList<>();
        for (String kind : List.of("sync", "async", "sync", "async")) {
            String id = Reports.newId();
            WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/stop/" + kind + "/?id=" + id));
            assertThat(client.receiveText()).isEqualTo("welcome");
            connected.add(new Connected(client, id));
        }
        return connected;
    }

    @Test
    void stopClosesEveryClientWith1001AndReturnsAfterTheirDisconnectRan() {
        List<Connected> connected = connectSome();
        try {
            server.stop();
            for (Connected c : connected) {
                assertThat(Reports.all(c.id(), "disconnect")).as("disconnect of %s when stop() returned", c.id())
                        .containsExactly(1001);
                assertThat(c.client().awaitClose()).isEqualTo(1001);
            }
            assertThat(server.openConnections()).isZero();
        } finally {
            connected.forEach(c -> c.client().close());
        }
    }

    /** Repeated: Grizzly closes the listening socket on a thread of its own, so a single pass can be lucky. */
    @RepeatedTest(25)
    void stopFreesThePortForTheNextListener() throws IOException {
        List<Connected> connected = connectSome();
        int port = server.port();
        try {
            server.stop();
            assertThat(server.port()).isEqualTo(-1);
            try (ServerSocket next = new ServerSocket()) {
                next.setReuseAddress(true);
                next.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(next.getLocalPort()).isEqualTo(port);
            }
        } finally {
            connected.forEach(c -> c.client().close());
        }
    }

    @Test
    void stoppingAStoppedServerDoesNothing() {
        server.stop();
        server.stop();
        assertThat(server.port()).isEqualTo(-1);
    }
}
