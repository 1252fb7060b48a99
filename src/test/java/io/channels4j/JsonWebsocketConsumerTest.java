package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON consumers, synchronous and asynchronous: decoding, encoding, and bad frames. */
class JsonWebsocketConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Jsonb PRETTY = JsonbBuilder.create(new JsonbConfig().withFormatting(true));

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    /** The two JSON consumer base classes, each with the same scenario consumers. */
    enum Flavour {
        SYNC(SyncEcho::new, SyncLenient::new, SyncPretty::new, SyncSendsAndCloses::new, SyncSilent::new),
        ASYNC(AsyncEcho::new, AsyncLenient::new, AsyncPretty::new, AsyncSendsAndCloses::new, AsyncSilent::new);

        final Supplier<RecordsDisconnects> echo;
        final Supplier<Object> lenient;
        final Supplier<Object> pretty;
        final Supplier<Object> sendsAndCloses;
        final Supplier<Object> silent;

        Flavour(Supplier<RecordsDisconnects> echo, Supplier<Object> lenient, Supplier<Object> pretty,
                Supplier<Object> sendsAndCloses, Supplier<Object> silent) {
            this.echo = echo;
            this.lenient = lenient;
            this.pretty = pretty;
            this.sendsAndCloses = sendsAndCloses;
            this.silent = silent;
        }
    }

    private WebsocketCommunicator communicator(Object consumer) {
        return WebsocketCommunicator.of(consumer, "/ws/json/").layer(layer).build();
    }

    /** What a decoded frame was, by the Java type the consumer saw. */
    static Map<String, Object> describe(Object content) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kindOf(content));
        if (content instanceof Map<?, ?> map) {
            Map<String, Object> kinds = new LinkedHashMap<>();
            map.forEach((k, v) -> kinds.put((String) k, kindOf(v)));
            answer.put("kinds", kinds);
        }
        answer.put("got", content == null ? "(null)" : content);
        return answer;
    }

    private static String kindOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof BigDecimal) {
            return "BigDecimal";
        }
        return value.getClass().getSimpleName();
    }

    /** What a lenient consumer decodes: the frame's content, or the close code a bad frame would have caused. */
    static Object decodedOrItsError(Supplier<Object> decode) {
        try {
            return decode.get();
        } catch (InvalidFrameException invalid) {
            return Map.of("error", invalid.closeCode());
        }
    }

    // ---- synchronous consumers ----

    static class SyncEcho extends JsonWebsocketConsumer implements RecordsDisconnects {
        private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        protected void receiveJson(Object content) {
            sendJson(describe(content));
        }

        @Override
        protected void disconnect(int code) {
            disconnects.add(code);
        }

        @Override
        public List<Integer> disconnects() {
            return disconnects;
        }
    }

    static class SyncLenient extends SyncEcho {
        @Override
        protected Object decodeJson(String text) {
            return decodedOrItsError(() -> super.decodeJson(text));
        }

        @Override
        protected void receive(byte[] bytes) {
            sendJson(Map.of("bytes", bytes.length));
        }
    }

    static class SyncPretty extends SyncEcho {
        @Override
        protected Jsonb jsonb() {
            return PRETTY;
        }
    }

    static class SyncSendsAndCloses extends JsonWebsocketConsumer {
        @Override
        protected void receiveJson(Object content) {
            sendJson(Map.of("bye", true), true);
        }
    }

    static class SyncSilent extends JsonWebsocketConsumer {
    }

    // ---- asynchronous consumers ----

    static class AsyncEcho extends AsyncJsonWebsocketConsumer implements RecordsDisconnects {
        private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            return sendJson(describe(content));
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            disconnects.add(code);
            return done();
        }

        @Override
        public List<Integer> disconnects() {
            return disconnects;
        }
    }

    static class AsyncLenient extends AsyncEcho {
        @Override
        protected Object decodeJson(String text) {
            return decodedOrItsError(() -> super.decodeJson(text));
        }

        @Override
        protected CompletionStage<Void> receive(byte[] bytes) {
            return sendJson(Map.of("bytes", bytes.length));
        }
    }

    static class AsyncPretty extends AsyncEcho {
        @Override
        protected Jsonb jsonb() {
            return PRETTY;
        }
    }

    static class AsyncSendsAndCloses extends AsyncJsonWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            return sendJson(Map.of("bye", true), true);
        }
    }

    static class AsyncSilent extends AsyncJsonWebsocketConsumer {
    }

    // ---- decoding and encoding ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void receiveJsonGetsObjectsAsMapsArraysAsListsAndNumbersAsBigDecimal(Flavour flavour) {
        try (var client = communicator(flavour.echo.get())) {
            client.connect();

            client.sendTo("{\"n\": 42, \"x\": 1.5, \"list\": [1, \"two\"], \"obj\": {\"a\": true},"
                    + " \"s\": \"text\", \"none\": null}");

            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) client.receiveJsonFrom();
            assertThat(answer.get("kind")).isEqualTo("map");
            assertThat(answer.get("kinds")).isEqualTo(Map.of("n", "BigDecimal", "x", "BigDecimal", "list", "list",
                    "obj", "map", "s", "String", "none", "null"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void sendJsonEncodesTheContentAsOneTextFrame(Flavour flavour) {
        try (var client = communicator(flavour.echo.get())) {
            client.connect();

            client.sendJsonTo(Map.of("message", "héllo", "count", 3));

            String frame = client.receiveTextFrom();
            assertThat(frame).startsWith("{").contains("\"message\":\"héllo\"").contains("\"count\":3");
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void topLevelArraysAndScalarsAreDecodedToo(Flavour flavour) {
        try (var client = communicator(flavour.echo.get())) {
            client.connect();

            client.sendTo("[1, 2]");
            client.sendTo("\"just text\"");
            client.sendTo("7");

            assertThat(((Map<?, ?>) client.receiveJsonFrom()).get("kind")).isEqualTo("list");
            assertThat(((Map<?, ?>) client.receiveJsonFrom()).get("kind")).isEqualTo("String");
            assertThat(((Map<?, ?>) client.receiveJsonFrom()).get("kind")).isEqualTo("BigDecimal");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void framesAreIgnoredWhenReceiveJsonIsNotOverridden(Flavour flavour) {
        try (var client = communicator(flavour.silent.get())) {
            client.connect();

            client.sendJsonTo(Map.of("a", 1));

            assertThat(client.receiveNothing()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void sendJsonWithCloseSendsTheFrameThenClosesNormally(Flavour flavour) {
        try (var client = communicator(flavour.sendsAndCloses.get())) {
            client.connect();
            client.sendJsonTo(Map.of("leaving", true));

            assertThat(client.receiveJsonFrom()).isEqualTo(Map.of("bye", true));
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.NORMAL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void jsonbCanBeReplacedToConfigureTheEncoding(Flavour flavour) {
        try (var client = communicator(flavour.pretty.get())) {
            client.connect();

            client.sendJsonTo(Map.of("a", 1));

            assertThat(client.receiveTextFrom()).contains("\n");
        }
    }

    // ---- frames a JSON consumer cannot take ----

    static Stream<Arguments> invalidJson() {
        List<String> texts = List.of("{", "not json", "{\"a\": }", "[1, 2", "{\"a\": 1,}", "", "   ", "{'a': 1}",
                "{\"a\": 1} trailing", "{}{}", "7 8");
        return Stream.of(Flavour.values()).flatMap(f -> texts.stream().map(t -> Arguments.of(f, t)));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("invalidJson")
    void undecodableTextClosesWithInvalidPayload(Flavour flavour, String text) {
        RecordsDisconnects consumer = flavour.echo.get();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();

            client.sendTo(text);

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INVALID_PAYLOAD);
            assertThat(client.closeReason()).isEqualTo("invalid payload");
            assertThat(log.awaitRecord("closing with 1007").getMessage()).contains("invalid JSON in text frame");
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.INVALID_PAYLOAD);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aBinaryFrameClosesWithUnsupportedDataAndSaysThereIsNoTextSection(Flavour flavour) {
        RecordsDisconnects consumer = flavour.echo.get();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();

            client.sendTo(new byte[] {'{', '}'});

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
            assertThat(client.closeReason()).isEqualTo("unsupported data");
            assertThat(log.awaitRecord("closing with 1003").getMessage()).contains("no text section");
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.UNSUPPORTED_DATA);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void decodeJsonCanBeOverriddenToAnswerInsteadOfClosing(Flavour flavour) {
        try (var client = communicator(flavour.lenient.get())) {
            client.connect();

            client.sendTo("{oops");

            assertThat(((Map<?, ?>) client.receiveJsonFrom()).get("got"))
                    .isEqualTo(Map.of("error", new BigDecimal(CloseCodes.INVALID_PAYLOAD)));
            client.sendJsonTo(Map.of("still", "open"));
            assertThat(((Map<?, ?>) client.receiveJsonFrom()).get("got")).isEqualTo(Map.of("still", "open"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void receiveBytesCanBeOverriddenToTakeBinaryFrames(Flavour flavour) {
        try (var client = communicator(flavour.lenient.get())) {
            client.connect();

            client.sendTo(new byte[] {1, 2, 3});

            assertThat(client.receiveJsonFrom()).isEqualTo(Map.of("bytes", new BigDecimal(3)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aBadFrameOnOneConnectionLeavesTheOthersOpen(Flavour flavour) {
        try (var log = RecordingLogHandler.attach();
             var broken = communicator(flavour.echo.get());
             var healthy = communicator(flavour.echo.get())) {
            broken.connect();
            healthy.connect();

            broken.sendTo("{");
            assertThat(broken.awaitClose(WAIT)).isEqualTo(CloseCodes.INVALID_PAYLOAD);

            healthy.sendJsonTo(List.of(1));
            assertThat(((Map<?, ?>) healthy.receiveJsonFrom()).get("kind")).isEqualTo("list");
            assertThat(log.records()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getMessage()).contains(broken.channelName()));
        }
    }
}
