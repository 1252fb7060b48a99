package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How channel-layer events find their handler ({@code chat.message} -> {@code chat_message}, or
 * {@code @EventHandler}), what happens when none fits, and that a crafted {@code type} can reach
 * nothing but a handler.
 */
class EventDispatchTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    /** Types an attacker might try, to reach lifecycle methods, actions, or Object's methods. */
    static final List<String> CRAFTED_TYPES = List.of("close", "disconnect", "send", "accept", "connect", "receive",
            "wait", "notify", "notifyAll", "getClass", "toString", "hashCode", "finalize", "clone", "groups",
            "channel.name", "channelName", "channelLayer", "scope", "onUnhandledEvent", "onWebSocketOpen",
            "onWebSocketText", "onWebSocketClose", "groupAdd", "groupSend", "channelSend", "_private", "__init__",
            ".hidden", "");

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    enum Flavour {
        SYNC(SyncChat::new, SyncTolerant::new), ASYNC(AsyncChat::new, AsyncTolerant::new);

        final Supplier<RecordsDisconnects> chat;
        final Supplier<Object> tolerant;

        Flavour(Supplier<RecordsDisconnects> chat, Supplier<Object> tolerant) {
            this.chat = chat;
            this.tolerant = tolerant;
        }
    }

    private WebsocketCommunicator communicator(Object consumer) {
        return WebsocketCommunicator.of(consumer, "/ws/events/").layer(layer).build();
    }

    private void sendEvent(WebsocketCommunicator client, Map<String, ?> event) {
        layer.send(client.channelName(), event).toCompletableFuture().join();
    }

    private static Map<String, Object> typed(Object type) {
        Map<String, Object> event = new HashMap<>();
        event.put("type", type);
        return event;
    }

    // ---- consumers ----

    /** Handles chat.message, user.joined and boom.now; records its disconnects. */
    static class SyncChat extends WebsocketConsumer implements RecordsDisconnects {
        private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        void chat_message(Map<String, Object> event) {
            send("chat_message " + event.get("text") + " (" + event.get("type") + ")");
        }

        @EventHandler("user.joined")
        void whenSomeoneJoins(Map<String, Object> event) {
            send("whenSomeoneJoins " + event.get("user"));
        }

        void boom_now(Map<String, Object> event) {
            throw new IllegalStateException("handler exploded");
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

    static class AsyncChat extends AsyncWebsocketConsumer implements RecordsDisconnects {
        private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        CompletionStage<Void> chat_message(Map<String, Object> event) {
            return send("chat_message " + event.get("text") + " (" + event.get("type") + ")");
        }

        @EventHandler("user.joined")
        CompletionStage<Void> whenSomeoneJoins(Map<String, Object> event) {
            return runBlocking(() -> "whenSomeoneJoins " + event.get("user")).thenCompose(this::send);
        }

        CompletionStage<Void> boom_now(Map<String, Object> event) {
            return CompletableFuture.failedFuture(new IllegalStateException("handler exploded"));
        }

        CompletionStage<Void> gives_null(Map<String, Object> event) {
            return null;
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

    /** Answers events it has no handler for instead of closing. */
    static class SyncTolerant extends SyncChat {
        @Override
        protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            send("unhandled: " + error.getMessage());
        }
    }

    static class AsyncTolerant extends AsyncChat {
        @Override
        protected CompletionStage<Void> onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            return send("unhandled: " + error.getMessage());
        }
    }

    /** Handlers declared in a user superclass; the subclass overrides one of them. */
    abstract static class BaseRoom extends WebsocketConsumer {
        void room_enter(Map<String, Object> event) {
            send("base enter");
        }

        void room_leave(Map<String, Object> event) {
            send("base leave");
        }
    }

    static class Room extends BaseRoom {
        @Override
        void room_enter(Map<String, Object> event) {
            send("room enter");
        }

        private void room_secret(Map<String, Object> event) {
            send("private handler");
        }
    }

    /** Only an annotated method may take a type that looks like a lifecycle name. */
    static class AnnotatedClose extends WebsocketConsumer {
        @EventHandler("close")
        void onCloseEvent(Map<String, Object> event) {
            send("close event handled; still open");
        }
    }

    /**
     * A consumer that a crafted type must not get into: it answers every event it has no handler
     * for with "unhandled &lt;type&gt;", and records which of its other methods ran.
     */
    interface Guarded {
        /** The methods of the consumer that ran, other than onUnhandledEvent, in order. */
        List<String> calls();
    }

    /** No handlers at all: every crafted type must end in onUnhandledEvent. */
    static class Fortress extends WebsocketConsumer implements Guarded {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public List<String> calls() {
            return calls;
        }

        @Override
        protected void receive(String text) {
            calls.add("receive");
        }

        @Override
        protected void disconnect(int code) {
            calls.add("disconnect");
        }

        @Override
        protected List<String> groups() {
            calls.add("groups");
            return List.of();
        }

        @Override
        protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            send("unhandled " + event.get("type"));
        }
    }

    static class AsyncFortress extends AsyncJsonWebsocketConsumer implements Guarded {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public List<String> calls() {
            return calls;
        }

        @Override
        protected CompletionStage<Void> receiveJson(Object content) {
            calls.add("receiveJson");
            return done();
        }

        @Override
        protected CompletionStage<Void> disconnect(int code) {
            calls.add("disconnect");
            return done();
        }

        @Override
        protected CompletionStage<Void> onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            return send("unhandled " + event.get("type"));
        }
    }

    /**
     * Declares methods named like the crafted types, none of them a handler: overloads and
     * overrides that do not take one Map, and Map-taking methods whose names start with '_'.
     */
    static class LookAlikes extends JsonWebsocketConsumer implements Guarded {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public List<String> calls() {
            return calls;
        }

        void close(String why) {
            calls.add("close(String)");
        }

        void disconnect() {
            calls.add("disconnect()");
        }

        void send(int n) {
            calls.add("send(int)");
        }

        void accept(int n) {
            calls.add("accept(int)");
        }

        void connect(String s) {
            calls.add("connect(String)");
        }

        void receive(int n) {
            calls.add("receive(int)");
        }

        void wait(String s) {
            calls.add("wait(String)");
        }

        void notify(String s) {
            calls.add("notify(String)");
        }

        void notifyAll(String s) {
            calls.add("notifyAll(String)");
        }

        void getClass(String s) {
            calls.add("getClass(String)");
        }

        void finalize(String s) {
            calls.add("finalize(String)");
        }

        void groups(String s) {
            calls.add("groups(String)");
        }

        void channelName(String s) {
            calls.add("channelName(String)");
        }

        void scope(String s) {
            calls.add("scope(String)");
        }

        void receiveJson(String s) {
            calls.add("receiveJson(String)");
        }

        void _private(Map<String, Object> event) {
            calls.add("_private(Map)");
        }

        void __init__(Map<String, Object> event) {
            calls.add("__init__(Map)");
        }

        void _hidden(Map<String, Object> event) {
            calls.add("_hidden(Map)");
        }

        @Override
        public String toString() {
            calls.add("toString()");
            return "LookAlikes";
        }

        @Override
        public int hashCode() {
            calls.add("hashCode()");
            return 1;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        protected void onUnhandledEvent(Map<String, Object> event, EventDispatchException error) {
            send("unhandled " + event.get("type"));
        }
    }

    /** A helper that takes a Map but is no handler: ignored, so the class stays valid. */
    static class MapHelper extends WebsocketConsumer {
        String describe(Map<String, Object> event) {
            return "event " + event.get("type");
        }

        void chat_message(Map<String, Object> event) {
            send(describe(event));
        }
    }

    /** Map-taking methods with reserved names: the class is refused rather than made reachable. */
    static class ReservedNames extends WebsocketConsumer {
        final List<String> calls = new CopyOnWriteArrayList<>();

        void close(Map<String, Object> event) {
            calls.add("close");
        }

        void send(Map<String, Object> event) {
            calls.add("send");
        }

        void accept(Map<String, Object> event) {
            calls.add("accept");
        }

        void disconnect(Map<String, Object> event) {
            calls.add("disconnect");
        }

        void wait(Map<String, Object> event) {
            calls.add("wait");
        }

        void toString(Map<String, Object> event) {
            calls.add("toString");
        }

        void groups(Map<String, Object> event) {
            calls.add("groups");
        }

        void scope(Map<String, Object> event) {
            calls.add("scope");
        }
    }

    /** Every way to get a handler wrong, in one class. */
    static class BadHandlers extends WebsocketConsumer {
        String returns_value(Map<String, Object> event) {
            return "not void";
        }

        void takes_two(Map<String, Object> event, String extra) {
        }

        static void is_static(Map<String, Object> event) {
        }

        @EventHandler("wrong.param")
        void annotatedWithWrongParameter(String event) {
        }

        @EventHandler("")
        void annotatedWithEmptyType(Map<String, Object> event) {
        }

        @EventHandler("twice")
        void firstOfTwice(Map<String, Object> event) {
        }

        @EventHandler("twice")
        void secondOfTwice(Map<String, Object> event) {
        }

        void chat_join(Map<String, Object> event) {
        }

        @EventHandler("chat.join")
        void alsoChatJoin(Map<String, Object> event) {
        }
    }

    static class AsyncBadHandlers extends AsyncWebsocketConsumer {
        void returns_void(Map<String, Object> event) {
        }

        String returns_string(Map<String, Object> event) {
            return "";
        }
    }

    // ---- finding the handler ----

    static Stream<Arguments> handledEvents() {
        return Stream.of(Flavour.values()).flatMap(f -> Stream.of(
                Arguments.of(f, Map.of("type", "chat.message", "text", "hello"), "chat_message hello (chat.message)"),
                Arguments.of(f, Map.of("type", "user.joined", "user", "ada"), "whenSomeoneJoins ada")));
    }

    /** chat.message reaches chat_message (dots as underscores); user.joined the method annotated with it. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("handledEvents")
    void aTypeReachesTheMethodNamedAfterItOrAnnotatedWithIt(Flavour flavour, Map<String, Object> event,
                                                           String answer) {
        try (var client = communicator(flavour.chat.get())) {
            client.connect();

            sendEvent(client, event);

            assertThat(client.receiveTextFrom()).isEqualTo(answer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aGroupSendReachesTheHandlerOfEveryMember(Flavour flavour) {
        try (var first = communicator(flavour.chat.get()); var second = communicator(flavour.chat.get())) {
            first.connect();
            second.connect();
            layer.groupAdd("room", first.channelName());
            layer.groupAdd("room", second.channelName());

            layer.groupSend("room", Map.of("type", "chat.message", "text", "to all"));

            assertThat(first.receiveTextFrom()).isEqualTo("chat_message to all (chat.message)");
            assertThat(second.receiveTextFrom()).isEqualTo("chat_message to all (chat.message)");
        }
    }

    @Test
    void handlersOfAUserSuperclassAreFoundAndOverridesWin() {
        try (var client = communicator(new Room())) {
            client.connect();

            sendEvent(client, Map.of("type", "room.enter"));
            sendEvent(client, Map.of("type", "room.leave"));
            sendEvent(client, Map.of("type", "room.secret"));

            assertThat(client.receiveTextFrom()).isEqualTo("room enter");
            assertThat(client.receiveTextFrom()).isEqualTo("base leave");
            assertThat(client.receiveTextFrom()).isEqualTo("private handler");
        }
    }

    @Test
    void anAnnotatedHandlerMayTakeATypeThatLooksLikeALifecycleName() {
        try (var client = communicator(new AnnotatedClose())) {
            client.connect();

            sendEvent(client, Map.of("type", "close"));

            assertThat(client.receiveTextFrom()).isEqualTo("close event handled; still open");
            assertThat(client.receiveNothing()).isTrue();
        }
    }

    // ---- events without a handler ----

    static Stream<Arguments> undispatchable() {
        List<Arguments> cases = List.of(
                Arguments.of(Map.of("text", "no type here"), "message has no 'type'"),
                Arguments.of(typed("_private"), "malformed type '_private' (leading underscore)"),
                Arguments.of(typed(".hidden"), "malformed type '.hidden' (leading underscore)"),
                Arguments.of(typed("no.such.thing"), "no handler for message type 'no.such.thing'"),
                Arguments.of(typed(42), "'type' must be a string"));
        return Stream.of(Flavour.values())
                .flatMap(f -> cases.stream().map(c -> Arguments.of(f, c.get()[0], c.get()[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("undispatchable")
    void anEventWithoutAHandlerIsLoggedAndClosesWith1011ByDefault(Flavour flavour, Map<String, Object> event,
                                                                  String error) {
        RecordsDisconnects consumer = flavour.chat.get();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();

            sendEvent(client, event);

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            LogRecord record = log.awaitRecord("handler failed");
            assertThat(record.getThrown()).isInstanceOf(EventDispatchException.class).hasMessageContaining(error);
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("undispatchable")
    void onUnhandledEventCanAnswerInsteadOfClosing(Flavour flavour, Map<String, Object> event, String error) {
        try (var client = communicator(flavour.tolerant.get())) {
            client.connect();

            sendEvent(client, event);
            sendEvent(client, Map.of("type", "chat.message", "text", "next"));

            assertThat(client.receiveTextFrom()).startsWith("unhandled: ").contains(error);
            assertThat(client.receiveTextFrom()).isEqualTo("chat_message next (chat.message)");
        }
    }

    @Test
    void theNoHandlerErrorNamesTheMethodToDefine() {
        try (var client = communicator(new SyncTolerant())) {
            client.connect();

            sendEvent(client, Map.of("type", "game.over"));

            assertThat(client.receiveTextFrom()).contains("game_over(Map<String, Object> event)")
                    .contains("@EventHandler(\"game.over\")");
        }
    }

    // ---- failing handlers ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aHandlerThatFailsClosesWith1011(Flavour flavour) {
        RecordsDisconnects consumer = flavour.chat.get();
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            client.connect();

            sendEvent(client, Map.of("type", "boom.now"));

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            assertThat(log.awaitRecord("handler failed").getThrown()).hasMessage("handler exploded");
        }
        assertThat(consumer.disconnects()).containsExactly(CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void anAsyncHandlerThatReturnsNullClosesWith1011() {
        try (var log = RecordingLogHandler.attach(); var client = communicator(new AsyncChat())) {
            client.connect();

            sendEvent(client, Map.of("type", "gives.null"));

            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(client.closeReason()).isEqualTo("internal error");
            assertThat(log.awaitRecord("handler failed").getThrown()).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("returned null");
        }
    }

    // ---- handler definitions ----

    /** Connects {@code consumer}, which must be refused with 1011, and returns the definition error logged. */
    private Throwable definitionErrorOf(Object consumer) {
        try (var log = RecordingLogHandler.attach(); var client = communicator(consumer)) {
            var result = client.connect();

            assertThat(result.accepted()).isFalse();
            assertThat(result.closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            Throwable thrown = log.awaitRecord(consumer.getClass().getSimpleName()).getThrown();
            assertThat(thrown).isInstanceOf(ConsumerDefinitionException.class);
            return thrown;
        }
    }

    @Test
    void badHandlerSignaturesAreAllReportedAndTheConnectionIsRefused() {
        String problems = definitionErrorOf(new BadHandlers()).getMessage();
        assertThat(problems).as("a method with more parameters than one Map is an ordinary method")
                .doesNotContain("takes_two");
        assertThat(problems).contains(
                "returns_value(Map) must return void",
                "is_static(Map) must not be static",
                "annotatedWithWrongParameter(String) must take exactly one Map",
                "annotatedWithEmptyType(Map) has an empty @EventHandler type",
                "type 'twice' has two @EventHandler methods",
                "type 'chat.join' has two handlers");
    }

    @Test
    void aBadConsumerClassRefusesEveryConnection() {
        try (var log = RecordingLogHandler.attach();
             var first = communicator(new BadHandlers());
             var second = communicator(new BadHandlers())) {
            assertThat(first.connect().closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(second.connect().closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.records()).filteredOn(r -> r.getThrown() instanceof ConsumerDefinitionException)
                    .hasSize(2);
        }
    }

    @Test
    void asyncHandlersMustReturnACompletionStage() {
        assertThat(definitionErrorOf(new AsyncBadHandlers()).getMessage()).contains(
                "returns_void(Map) must return CompletionStage<Void> in an asynchronous consumer, not void",
                "returns_string(Map) must return CompletionStage<Void> in an asynchronous consumer, not String");
    }

    @Test
    void aMapTakingHelperWithoutHandlerShapeIsNeitherAHandlerNorAnError() {
        try (var log = RecordingLogHandler.attach(); var client = communicator(new MapHelper())) {
            assertThat(client.connect().accepted()).isTrue();

            sendEvent(client, Map.of("type", "chat.message"));
            assertThat(client.receiveTextFrom()).isEqualTo("event chat.message");

            sendEvent(client, Map.of("type", "describe"));
            assertThat(client.awaitClose(WAIT)).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(log.awaitRecord("handler failed").getThrown())
                    .hasMessageContaining("no handler for message type 'describe'");
        }
    }

    @Test
    void mapTakingMethodsWithReservedNamesAreRefusedNotDispatchedTo() {
        var consumer = new ReservedNames();

        Throwable thrown = definitionErrorOf(consumer);

        for (String name : List.of("close", "send", "accept", "disconnect", "wait", "toString", "groups", "scope")) {
            assertThat(thrown.getMessage()).contains("ReservedNames." + name + "(Map) has a reserved name");
        }
        assertThat(consumer.calls).isEmpty();
    }

    // ---- crafted types ----

    static Stream<Arguments> craftedTypesForEachGuardedConsumer() {
        List<String> forJson = Stream.concat(CRAFTED_TYPES.stream(), Stream.of("receiveJson", "sendJson",
                "decodeJson", "encodeJson", "jsonb", "runBlocking", "done", "receive.json", "_hidden")).toList();
        return Stream.of(
                guarded("Fortress", Fortress::new, CRAFTED_TYPES, List.of("groups"), List.of("groups", "disconnect")),
                guarded("AsyncFortress", AsyncFortress::new, forJson, List.of(), List.of("disconnect")),
                guarded("LookAlikes", LookAlikes::new, forJson, List.of(), List.of())).flatMap(cases -> cases);
    }

    /** Each type, for the consumer {@code name} that is expected to make these calls and no others. */
    private static Stream<Arguments> guarded(String name, Supplier<Guarded> consumer, List<String> types,
                                             List<String> callsWhileOpen, List<String> callsAfterClose) {
        return types.stream().map(type ->
                Arguments.of(Named.of(name, consumer), type, callsWhileOpen, callsAfterClose));
    }

    @ParameterizedTest(name = "{0}: type \"{1}\"")
    @MethodSource("craftedTypesForEachGuardedConsumer")
    void aCraftedTypeReachesNothingButOnUnhandledEvent(Supplier<Guarded> guarded, String type,
                                                       List<String> callsWhileOpen, List<String> callsAfterClose) {
        Guarded consumer = guarded.get();
        try (var client = communicator(consumer)) {
            client.connect();

            sendEvent(client, typed(type));

            assertThat(client.receiveTextFrom()).isEqualTo("unhandled " + type);
            assertThat(client.receiveNothing()).isTrue();
            assertThat(consumer.calls()).containsExactlyElementsOf(callsWhileOpen);
        }
        assertThat(consumer.calls()).containsExactlyElementsOf(callsAfterClose);
    }
}
