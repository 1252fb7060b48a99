package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client is told a short reason fixed per close code, never an exception's message (which can
 * carry internals: class names, parser details, a handler's secrets); the log keeps the whole
 * failure. With {@code channels4j.development=true} the reason names the failure too.
 */
class CloseReasonsTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final String SECRET = "db password=hunter2 at jdbc://db.internal:5432/app";

    @ServerEndpoint("/ws/leaky/")
    public static class SyncLeaky extends JsonWebsocketConsumer {
        @Override
        protected void receiveJson(Object content) {
            throw new IllegalStateException(SECRET);
        }
    }

    @ServerEndpoint("/ws/leaky/")
    public static class AsyncLeaky extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            return CompletableFuture.failedFuture(new IllegalStateException(SECRET));
        }
    }

    static Stream<Named<Supplier<Object>>> flavours() {
        return Stream.of(Named.of("sync", SyncLeaky::new), Named.of("async", AsyncLeaky::new));
    }

    @AfterEach
    void developmentOff() {
        System.clearProperty("channels4j.development");
    }

    private static WebsocketCommunicator connected(Object consumer) {
        WebsocketCommunicator client = WebsocketCommunicator.of(consumer, "/ws/leaky/").build();
        assertThat(client.connect().accepted()).isTrue();
        return client;
    }

    /**
     * Connects {@code consumer}, lets {@code send} send a frame, checks the connection is closed
     * with {@code code}, the client told {@code reason}, and the close logged at {@code level}.
     *
     * @return the log record of the close: the first whose message contains {@code logged}
     */
    private static LogRecord closedWith(Object consumer, Consumer<WebsocketCommunicator> send, int code, String reason,
            String logged, Level level) {
        try (var log = RecordingLogHandler.attach(); var client = connected(consumer)) {
            send.accept(client);

            assertThat(client.awaitClose(WAIT)).isEqualTo(code);
            assertThat(client.closeReason()).isEqualTo(reason);
            LogRecord record = log.awaitRecord(logged);
            assertThat(record.getLevel()).isEqualTo(level);
            return record;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void aHandlerFailureTellsTheClientOnlyInternalErrorAndTheLogEverything(Supplier<Object> flavour) {
        try (var log = RecordingLogHandler.attach(); var client = connected(flavour.get())) {
            client.sendTo("{}");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            LogRecord logged = log.awaitRecord("handler failed on a client frame; closing with 1011");
            assertThat(logged.getLevel()).as("a client chose the frame: a client error's level").isEqualTo(Level.INFO);
            assertThat(logged.getThrown()).as("stack trace at debug only").isNull();
            LogRecord trace = log.awaitThrown("the client error's failure");
            assertThat(trace.getLevel()).isEqualTo(Level.FINE);
            assertThat(trace.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage(SECRET);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void invalidJsonTellsTheClientInvalidPayloadAndLogsOneLineWithTheParsersWords(Supplier<Object> flavour) {
        LogRecord logged = closedWith(flavour.get(), client -> client.sendTo("{'not json"), CloseCodes.INVALID_PAYLOAD,
                "invalid payload", "invalid frame, closing with 1007", Level.INFO);
        assertThat(logged.getThrown()).as("no stack trace above debug level").isNull();
        assertThat(logged.getMessage()).contains("invalid JSON in text frame");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void aBinaryFrameToAJsonConsumerTellsTheClientUnsupportedData(Supplier<Object> flavour) {
        LogRecord logged = closedWith(flavour.get(), client -> client.sendTo("{}".getBytes(StandardCharsets.UTF_8)),
                CloseCodes.UNSUPPORTED_DATA, "unsupported data", "invalid frame, closing with 1003", Level.INFO);
        assertThat(logged.getMessage()).contains("no text section");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void inDevelopmentTheReasonNamesTheFailureCutToACloseFrame(Supplier<Object> flavour) {
        System.setProperty("channels4j.development", "true");
        closedWith(flavour.get(), client -> client.sendTo("{}"), CloseCodes.INTERNAL_ERROR,
                "internal error: IllegalStateException: " + SECRET, "handler failed on a client frame; closing with 1011", Level.INFO);
    }

    @Test
    void aLongFailureInDevelopmentIsCutBetweenWholeCharactersTo123Bytes() {
        System.setProperty("channels4j.development", "true");
        @ServerEndpoint("/ws/leaky/")
        class LongFailure extends WebsocketConsumer {
            @Override
            protected void receive(String text) {
                throw new IllegalStateException("é😀".repeat(40));
            }
        }
        try (var log = RecordingLogHandler.attach(); var client = connected(new LongFailure())) {
            client.sendTo("x");

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            String reason = client.closeReason();
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isBetween(118, 123);
            assertThat(reason).startsWith("internal error: IllegalStateException: é😀");
            assertThat(reason.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            assertThat(Character.isHighSurrogate(reason.charAt(reason.length() - 1))).isFalse();
        }
    }
}
