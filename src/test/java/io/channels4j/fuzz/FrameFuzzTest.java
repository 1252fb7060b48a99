package io.channels4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.EventDispatchException;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Random frames and random event types, 10,000 cases each, through a JSON consumer's whole path:
 * frame, JSON limits, JSON-B, the consumer, the channel layer's copy rules, and dispatch by type.
 * Whatever comes, the consumer answers with a frame or closes with a documented code and its
 * fixed reason; input alone never closes with 1011, and nothing throws an {@code Error}. The seed
 * is printed with every failure ({@code -Dchannels4j.fuzz.seed=N} repeats a run).
 */
class FrameFuzzTest {

    private static final int CASES = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DEPTH = "JSON nested deeper than 64 levels (channels4j.json.max-depth)";
    private static final String NUMBER = "JSON number longer than 1000 characters (channels4j.json.max-number-length)";
    private static final Set<String> INVALID_TEXT_REASONS = Set.of("invalid payload", DEPTH, NUMBER);
    private static final Jsonb JSONB = JsonbBuilder.create();

    private static final InMemoryChannelLayer LAYER = new InMemoryChannelLayer();

    /**
     * A chat-like consumer: a frame whose {@code message} is a string travels through the layer
     * as a {@code chat.message} event and comes back; anything else gets an error frame. Events
     * it cannot dispatch get an error frame too.
     */
    public static class SyncChat extends JsonWebsocketConsumer {
        @Override
        protected void receiveJson(Object content) {
            if (content instanceof Map<?, ?> map && map.get("message") instanceof String message) {
                channelSend(channelName(), Map.of("type", "chat.message", "message", message));
            } else {
                sendJson(Map.of("error", "a frame is an object whose 'message' is a string"));
            }
        }

        void chat_message(Map<String, Object> event) {
            sendJson(Map.of("message", event.get("message"), "type", event.get("type")));
        }

        /** An ordinary helper: not a handler, and no reason to refuse the class. */
        String load_user(String name) {
            return name;
        }

        @Override
        protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            sendJson(Map.of("unhandled", String.valueOf(event.get("type"))));
        }
    }

    /** The asynchronous twin of {@link SyncChat}. */
    public static class AsyncChat extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            if (content instanceof Map<?, ?> map && map.get("message") instanceof String message) {
                return channelSend(channelName(), Map.of("type", "chat.message", "message", message));
            }
            return sendJson(Map.of("error", "a frame is an object whose 'message' is a string"));
        }

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            return sendJson(Map.of("message", event.get("message"), "type", event.get("type")));
        }

        @Override
        protected CompletionStage<Void> onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            return sendJson(Map.of("unhandled", String.valueOf(event.get("type"))));
        }
    }

    /** What came back for one input. */
    private record Outcome(Integer closeCode, String reason, Object json) {
    }

    private final long seed = Long.getLong("channels4j.fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final FuzzInputs inputs = new FuzzInputs(random);
    private final Map<String, Integer> seen = new HashMap<>();
    private WebsocketCommunicator live;

    @AfterAll
    static void closeLayer() {
        LAYER.close();
    }

    @Test
    void randomFramesGetAnAnswerOrADocumentedCloseNever1011() {
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            for (int i = 0; i < CASES; i++) {
                String where = "case " + i + " of seed " + seed + " (repeat with -Dchannels4j.fuzz.seed=" + seed + ")";
                oneFrame(i, where);
            }
            closeLive();
            assertThat(log.records()).as("seed %d", seed)
                    .noneMatch(r -> r.getThrown() instanceof Error || r.getLevel().intValue() >= Level.WARNING.intValue());
        }
        // every kind of outcome happened, so the run covered the whole path
        assertThat(seen).as("outcomes of seed %d: %s", seed, seen)
                .containsKeys("echo", "error", "1007", "1003", "depth", "number");
    }

    @Test
    void randomEventTypesReachTheirHandlerOrTheUnhandledHookNeverAnythingElse() {
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            for (int i = 0; i < CASES; i++) {
                String where = "case " + i + " of seed " + seed;
                String type = inputs.typeName();
                WebsocketCommunicator c = live(i);
                LAYER.send(c.channelName(), Map.of("type", type, "message", "m")).toCompletableFuture().join();
                Outcome out = next(c, where);
                assertThat(out.closeCode()).as(where + ", type '%s'", type).isNull();
                boolean handler = !type.startsWith("_") && type.replace('.', '_').equals("chat_message");
                Object expected = handler ? Map.of("message", "m", "type", type) : Map.of("unhandled", type);
                assertThat(out.json()).as(where + ", type '%s'", type).isEqualTo(expected);
            }
            closeLive();
            assertThat(log.records()).as("seed %d", seed)
                    .noneMatch(r -> r.getThrown() instanceof Error || r.getLevel().intValue() >= Level.WARNING.intValue());
        }
    }

    private void oneFrame(int i, String where) {
        int kind = random.nextInt(10);
        WebsocketCommunicator c = live(i);
        if (kind == 0) {
            c.sendTo(inputs.bytes());
            expectClose(next(c, where), 1003, Set.of("unsupported data"), where + ", binary frame");
            return;
        }
        if (kind <= 2) {
            String text = kind == 1 ? inputs.text() : inputs.mutated(jsonOf(random.nextBoolean()).text());
            c.sendTo(text);
            Outcome out = next(c, where);
            if (out.closeCode() != null) {
                expectClose(out, 1007, INVALID_TEXT_REASONS, where + ", text " + cut(text));
            } else {
                assertThat(out.json()).as(where + ", text " + cut(text)).isInstanceOf(Map.class);
                count(((Map<?, ?>) out.json()).containsKey("error") ? "error" : "echo");
            }
            return;
        }
        FuzzInputs.Json json = jsonOf(kind <= 6);
        c.sendTo(json.text());
        expectJson(next(c, where), json, where + ", JSON " + cut(json.text()));
    }

    private FuzzInputs.Json jsonOf(boolean message) {
        return message ? inputs.message() : inputs.value();
    }

    private void expectJson(Outcome out, FuzzInputs.Json json, String where) {
        if (!json.withinLimits()) {
            Set<String> reasons = json.depth() > FuzzInputs.MAX_DEPTH && json.longestNumber() > FuzzInputs.MAX_NUMBER_LENGTH
                    ? Set.of(DEPTH, NUMBER) : Set.of(json.depth() > FuzzInputs.MAX_DEPTH ? DEPTH : NUMBER);
            expectClose(out, 1007, reasons, where);
            count(out.reason().equals(DEPTH) ? "depth" : "number");
            return;
        }
        assertThat(out.closeCode()).as(where).isNull();
        if (json.message() != null) {
            assertThat(out.json()).as(where).isEqualTo(Map.of("message", json.message(), "type", "chat.message"));
            count("echo");
        } else {
            assertThat(out.json()).as(where).isEqualTo(Map.of("error", "a frame is an object whose 'message' is a string"));
            count("error");
        }
    }

    private void expectClose(Outcome out, int code, Set<String> reasons, String where) {
        assertThat(out.closeCode()).as(where).isEqualTo(code);
        assertThat(out.reason()).as(where).isIn(reasons);
        count(Integer.toString(code));
        live = null;
    }

    private void count(String outcome) {
        seen.merge(outcome, 1, Integer::sum);
    }

    /** The open communicator, or a new one (sync or async at random) once the last has closed. */
    private WebsocketCommunicator live(int i) {
        if (live == null) {
            Supplier<Object> consumer = random.nextBoolean() ? SyncChat::new : AsyncChat::new;
            live = WebsocketCommunicator.of(consumer.get(), "/ws/fuzz/").layer(LAYER).build();
            assertThat(live.connect().accepted()).as("case %d of seed %d: connected", i, seed).isTrue();
        }
        return live;
    }

    private void closeLive() {
        if (live != null) {
            live.disconnect();
            live = null;
        }
    }

    /** Waits for the consumer's next frame or its close. */
    private static Outcome next(WebsocketCommunicator c, String where) {
        assertThat(c.receiveNothing(WAIT)).as(where + ": the consumer answered").isFalse();
        if (!c.closeReason().isEmpty()) {
            return new Outcome(c.awaitClose(WAIT), c.closeReason(), null);
        }
        return new Outcome(null, null, JSONB.fromJson(c.receiveTextFrom(), Object.class));
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
