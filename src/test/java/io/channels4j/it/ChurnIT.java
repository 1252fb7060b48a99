package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.LayerStats;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand connections opened and ended in every way a client can end them leave nothing
 * behind: no group, no channel state in the layer, no open connection.
 */
class ChurnIT {

    private static final int CYCLES = 10_000;
    private static final int WORKERS = 4;

    private static final AtomicInteger CONNECTS = new AtomicInteger();
    private static final AtomicInteger DISCONNECTS = new AtomicInteger();

    /** Joins "churn" by class and "churn.explicit" in connect, then says hello. */
    @ServerEndpoint("/ws/churn/sync/")
    public static class SyncChurner extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("churn");
        }

        @Override
        protected void connect() {
            CONNECTS.incrementAndGet();
            groupAdd("churn.explicit");
            accept();
            send("hi");
        }

        @Override
        protected void disconnect(int code) {
            DISCONNECTS.incrementAndGet();
        }
    }

    /** The asynchronous twin of {@link SyncChurner}. */
    @ServerEndpoint("/ws/churn/async/")
    public static class AsyncChurner extends AsyncWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("churn");
        }

        @Override
        protected CompletionStage<Void> connect() {
            CONNECTS.incrementAndGet();
            return groupAdd("churn.explicit").thenCompose(v -> accept()).thenCompose(v -> send("hi"));
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            DISCONNECTS.incrementAndGet();
            return done();
        }
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.builder().endpoint(SyncChurner.class, AsyncChurner.class).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /**
     * One connection, ended one of three ways: a close handshake after the greeting, a dropped TCP
     * connection after the greeting, or a dropped connection right after the handshake, racing
     * the consumer's connect step.
     */
    private static void cycle(int i) {
        URI uri = server.wsUri().resolve(i % 2 == 0 ? "ws/churn/sync/" : "ws/churn/async/");
        WebsocketClient client = WebsocketClient.connect(uri);
        switch (i % 3) {
            case 0 -> {
                assertThat(client.receiveText()).isEqualTo("hi");
                client.close(1000);
                assertThat(client.awaitClose()).isEqualTo(1000);
                client.abort();
            }
            case 1 -> {
                assertThat(client.receiveText()).isEqualTo("hi");
                client.abort();
            }
            default -> client.abort();
        }
    }

    @Test
    void tenThousandConnectionsComingAndGoingLeaveNoGroupsChannelsOrConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int first = w;
                workers.add(CompletableFuture.runAsync(() -> {
                    for (int i = first; i < CYCLES; i += WORKERS) {
                        cycle(i);
                    }
                }, pool));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        await("every connection to end").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(server.openConnections()).isZero();
                    assertThat(DISCONNECTS.get()).isEqualTo(CYCLES);
                    LayerStats stats = server.channelLayer().stats();
                    assertThat(stats.groups()).as("groups left in the layer").isZero();
                    assertThat(stats.channels()).as("channels left in the layer").isZero();
                });
        assertThat(CONNECTS.get()).isEqualTo(CYCLES);
    }
}
