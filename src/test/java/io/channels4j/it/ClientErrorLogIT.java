package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.JsonEchoes;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What clients cause is logged one line per event, without a stack trace, at the level an
 * operator chooses, and at most {@code channels4j.client-errors.max-lines-per-minute} lines a
 * minute: a client flooding the server with bad frames cannot flood its log.
 */
class ClientErrorLogIT {

    /** Fails on every frame, as a handler with a bug would. */
    @ServerEndpoint("/ws/log/failing/")
    public static class Failing extends JsonWebsocketConsumer {
        @Override
        protected void receiveJson(Object content) {
            throw new IllegalStateException("db password=secret at jdbc://internal");
        }
    }

    private static EmbeddedServer start(String... settings) {
        for (int i = 0; i < settings.length; i += 2) {
            System.setProperty(settings[i], settings[i + 1]);
        }
        try {
            return EmbeddedServer.builder().port(0).endpoint(JsonEchoes.Sync.class, Failing.class).build().start();
        } finally {
            for (int i = 0; i < settings.length; i += 2) {
                System.clearProperty(settings[i]);
            }
        }
    }

    private static void sendInvalidJson(EmbeddedServer server, String path, int clients) {
        for (int i = 0; i < clients; i++) {
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve(path))) {
                client.send("{not json");
                assertThat(client.awaitClose()).isEqualTo(1007);
            }
        }
    }

    private static List<LogRecord> clientLines(RecordingLogHandler log) {
        return log.records().stream().filter(r -> r.getMessage().contains("invalid frame, closing with 1007")).toList();
    }

    @Test
    void aFloodOfBadFramesLogsAtMostTheLimitThenOneNotice() throws Exception {
        EmbeddedServer server = start("channels4j.client-errors.max-lines-per-minute", "5");
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            sendInvalidJson(server, "ws/echo/sync/", 20);
            log.awaitRecord("suppressing further lines");
            assertThat(clientLines(log)).hasSize(5).allSatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.INFO);
                assertThat(r.getThrown()).as("no stack trace above debug").isNull();
                assertThat(r.getMessage()).doesNotContain("\n");
            });
            assertThat(log.records()).filteredOn(r -> r.getMessage().contains("suppressing")).hasSize(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void theOperatorChoosesTheLevel() throws Exception {
        EmbeddedServer server = start("channels4j.client-errors.log-level", "warning");
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            sendInvalidJson(server, "ws/echo/sync/", 1);
            assertThat(log.awaitRecord("invalid frame, closing with 1007").getLevel()).isEqualTo(Level.WARNING);
        } finally {
            server.stop();
        }
        server = start("channels4j.client-errors.log-level", "OFF");
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            sendInvalidJson(server, "ws/echo/sync/", 3);
            assertThat(clientLines(log)).isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void aHandlerFailingOnAClientFrameIsOneLineWithTheStackTraceAtDebugOnly() throws Exception {
        EmbeddedServer server = start();
        Logger logger = Logger.getLogger("io.channels4j");
        Level before = logger.getLevel();
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            logger.setLevel(Level.ALL);
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/log/failing/"))) {
                client.send("{}");
                assertThat(client.awaitClose()).isEqualTo(1011);
                assertThat(client.closeReason()).doesNotContain("password");
            }
            LogRecord line = log.awaitRecord("handler failed on a client frame");
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getThrown()).isNull();
            LogRecord trace = log.awaitRecord(r -> r.getThrown() != null);
            assertThat(trace.getLevel()).isEqualTo(Level.FINE);
        } finally {
            logger.setLevel(before);
            server.stop();
        }
    }

    @Test
    void aBadLevelFailsAtStartNamingTheSetting() {
        assertThatThrownBy(() -> start("channels4j.client-errors.log-level", "LOUD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels4j.client-errors.log-level").hasMessageContaining("'LOUD'");
    }
}
