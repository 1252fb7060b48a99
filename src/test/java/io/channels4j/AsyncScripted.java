package io.channels4j;

import io.channels4j.ConsumerFlavour.Actions;
import io.channels4j.ConsumerFlavour.Script;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The asynchronous consumer of {@link ConsumerFlavour#ASYNC}: each step returns its script's stage. */
@ServerEndpoint(value = ConsumerFlavour.PATH, subprotocols = {"v2", "v1"})
final class AsyncScripted extends AsyncWebsocketConsumer implements ConsumerFlavour.Scripted {

    private static final Executor LATER = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final Script script;
    private final Actions actions = new AsyncActions();
    private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

    AsyncScripted(Script script) {
        this.script = script;
    }

    @Override
    public List<Integer> disconnects() {
        return disconnects;
    }

    @Override
    protected CompletionStage<Void> connect() {
        return script.connect(actions);
    }

    @Override
    protected CompletionStage<Void> receive(String text) {
        return script.receive(actions, text);
    }

    @Override
    protected CompletionStage<Void> receive(byte[] bytes) {
        return script.receive(actions, bytes);
    }

    @Override
    protected CompletionStage<Void> disconnect(int code) {
        disconnects.add(code);
        return script.disconnect(actions, code);
    }

    @Override
    protected List<String> groups() {
        return script.groups();
    }

    CompletionStage<Void> test_event(Map<String, Object> event) {
        return script.event(actions, event);
    }

    /** Hands back the base class's own stages. */
    private final class AsyncActions implements Actions {
        @Override
        public CompletionStage<Void> defaultConnect() {
            return AsyncScripted.super.connect();
        }

        @Override
        public CompletionStage<Void> defaultReceive(String text) {
            return AsyncScripted.super.receive(text);
        }

        @Override
        public CompletionStage<Void> defaultReceive(byte[] bytes) {
            return AsyncScripted.super.receive(bytes);
        }

        @Override
        public CompletionStage<Void> defaultDisconnect(int code) {
            return AsyncScripted.super.disconnect(code);
        }

        @Override
        public CompletionStage<Void> accept() {
            return AsyncScripted.this.accept();
        }

        @Override
        public CompletionStage<Void> accept(String subprotocol) {
            return AsyncScripted.this.accept(subprotocol);
        }

        @Override
        public CompletionStage<Void> send(String text) {
            return AsyncScripted.this.send(text);
        }

        @Override
        public CompletionStage<Void> send(byte[] bytes) {
            return AsyncScripted.this.send(bytes);
        }

        @Override
        public CompletionStage<Void> send(String text, boolean close) {
            return AsyncScripted.this.send(text, close);
        }

        @Override
        public CompletionStage<Void> close() {
            return AsyncScripted.this.close();
        }

        @Override
        public CompletionStage<Void> close(int code) {
            return AsyncScripted.this.close(code);
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            return AsyncScripted.this.close(code, reason);
        }

        @Override
        public CompletionStage<Void> groupAdd(String group) {
            return AsyncScripted.this.groupAdd(group);
        }

        @Override
        public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message) {
            return AsyncScripted.this.groupSend(group, message);
        }

        @Override
        public String channelName() {
            return AsyncScripted.this.channelName();
        }

        @Override
        public ChannelLayer channelLayer() {
            return AsyncScripted.this.channelLayer();
        }

        @Override
        public Scope scope() {
            return AsyncScripted.this.scope();
        }

        @Override
        public CompletionStage<Void> done() {
            return AsyncWebsocketConsumer.done();
        }

        @Override
        public CompletionStage<Void> later() {
            return CompletableFuture.runAsync(() -> { }, LATER);
        }

        @Override
        public CompletionStage<Void> after(CompletionStage<?> stage) {
            return stage.thenApply(result -> null);
        }
    }
}
