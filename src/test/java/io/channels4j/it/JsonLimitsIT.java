package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.JsonEchoes;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JSON consumer refuses frames past its limits (nesting depth, number length) with 1007 and a
 * reason naming the limit, before JSON-B reads them: a frame nested 100,000 levels deep never
 * reaches a recursive reader, so nothing throws a {@code StackOverflowError}, and other clients
 * are served on.
 */
class JsonLimitsIT {

    private static final String DEPTH_REASON = "JSON nested deeper than 64 levels (channels4j.json.max-depth)";
    private static final String NUMBER_REASON =
            "JSON number longer than 1000 characters (channels4j.json.max-number-length)";

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.with(b -> b.endpoint(JsonEchoes.Sync.class, JsonEchoes.Async.class));

    static String nested(int depth, String open, String inner, String close) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/echo/sync/", "ws/echo/async/"})
    void aFrameNestedAHundredThousandLevelsDeepClosesWith1007NamingTheLimit(String path) {
        try (RecordingLogHandler log = RecordingLogHandler.attach();
             WebsocketClient attacker = WebsocketClient.connect(SERVER.ws(path));
             WebsocketClient bystander = WebsocketClient.connect(SERVER.ws(path))) {
            attacker.send(nested(100_000, "[", "", "]"));
            assertThat(attacker.awaitClose()).isEqualTo(1007);
            assertThat(attacker.closeReason()).isEqualTo(DEPTH_REASON);
            bystander.send("{\"message\":\"still here\"}");
            assertThat(bystander.receiveText()).isEqualTo("{\"echo\":{\"message\":\"still here\"}}");
            assertThat(log.records()).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
            assertThat(log.records()).noneMatch(r -> r.getThrown() instanceof Error);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws/echo/sync/", "ws/echo/async/"})
    void aDeepValueInsideAnOrdinaryMessageIsRefusedToo(String path) {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws(path))) {
            client.send("{\"message\":\"x\",\"a\":" + nested(100_000, "[", "", "]") + "}");
            assertThat(client.awaitClose()).isEqualTo(1007);
            assertThat(client.closeReason()).isEqualTo(DEPTH_REASON);
        }
    }

    @Test
    void sixtyFourLevelsPassAndSixtyFiveDoNot() {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/echo/sync/"))) {
            String deepest = nested(63, "{\"a\":", "[1]", "}");
            client.send(deepest);
            assertThat(client.receiveText()).isEqualTo("{\"echo\":" + deepest + "}");
            client.send(nested(64, "{\"a\":", "[1]", "}"));
            assertThat(client.awaitClose()).isEqualTo(1007);
            assertThat(client.closeReason()).isEqualTo(DEPTH_REASON);
        }
    }

    @Test
    void aNumberOfMoreThanAThousandCharactersIsRefused() {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/echo/async/"))) {
            client.send("[" + "9".repeat(1000) + "]");
            assertThat(client.receiveText()).isEqualTo("{\"echo\":[" + "9".repeat(1000) + "]}");
            client.send("{\"n\":1" + "0".repeat(1000) + "}");
            assertThat(client.awaitClose()).isEqualTo(1007);
            assertThat(client.closeReason()).isEqualTo(NUMBER_REASON);
        }
    }

    @Test
    void theLimitsComeFromTheSettings() {
        System.setProperty("channels4j.json.max-depth", "2");
        System.setProperty("channels4j.json.max-number-length", "3");
        try (EmbeddedServer server = EmbeddedServer.builder().port(0).endpoint(JsonEchoes.Sync.class).build().start()) {
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/echo/sync/"))) {
                client.send("[[123]]");
                assertThat(client.receiveText()).isEqualTo("{\"echo\":[[123]]}");
                client.send("[[[1]]]");
                assertThat(client.awaitClose()).isEqualTo(1007);
                assertThat(client.closeReason())
                        .isEqualTo("JSON nested deeper than 2 levels (channels4j.json.max-depth)");
            }
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/echo/sync/"))) {
                client.send("[1234]");
                assertThat(client.awaitClose()).isEqualTo(1007);
                assertThat(client.closeReason())
                        .isEqualTo("JSON number longer than 3 characters (channels4j.json.max-number-length)");
            }
        } finally {
            System.clearProperty("channels4j.json.max-depth");
            System.clearProperty("channels4j.json.max-number-length");
        }
    }

    @Test
    void aBadLimitIsRefusedAtStartNamingTheSetting() {
        System.setProperty("channels4j.json.max-depth", "0");
        try {
            assertThatThrownBy(() -> EmbeddedServer.builder().port(0).endpoint(JsonEchoes.Sync.class).build().start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("setting channels4j.json.max-depth must be a whole number >= 1"
                            + " and <= 2147483647, got '0'");
        } finally {
            System.clearProperty("channels4j.json.max-depth");
        }
    }
}
