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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The synchronous consumer of {@link ConsumerFlavour#SYNC}: each step runs its script and returns
 * when the script's stage is complete, throwing what the stage failed with.
 */
@ServerEndpoint(value = ConsumerFlavour.PATH, subprotocols = {"v2", "v1"})
final class SyncScripted extends WebsocketConsumer implements ConsumerFlavour.Scripted {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private static final long BLOCK_SECONDS = 5;

    private final Script script;
    private final Actions actions = new SyncActions();
    private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

    SyncScripted(Script script) {
        this.script = script;
    }

    @Override
    public List<Integer> disconnects() {
        return disconnects;
    }

    @Override
    protected void connect() {
        finish(script.connect(actions));
    }

    @Override
    protected void receive(String text) {
        finish(script.receive(actions, text));
    }

    @Override
    protected void receive(byte[] bytes) {
        finish(script.receive(actions, bytes));
    }

    @Override
    protected void disconnect(int code) {
        disconnects.add(code);
        finish(script.disconnect(actions, code));
    }

    @Override
    protected List<String> groups() {
        return script.groups();
    }

    void test_event(Map<String, Object> event) {
        finish(script.event(actions, event));
    }

    /** Waits, at most 5 s, for {@code stage}; throws what it failed with, as a blocking call would. */
    private static void finish(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(BLOCK_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the stage did not complete within " + BLOCK_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a stage", e);
        }
    }

    /** Performs {@code action}, then hands back a complete stage. */
    private static CompletionStage<Void> now(Runnable action) {
        action.run();
        return DONE;
    }

    /** Performs each action before returning. */
    private final class SyncActions implements Actions {
        @Override
        public CompletionStage<Void> defaultConnect() {
            return now(() -> SyncScripted.super.connect());
        }

        @Override
        public CompletionStage<Void> defaultReceive(String text) {
            return now(() -> SyncScripted.super.receive(text));
        }

        @Override
        public CompletionStage<Void> defaultReceive(byte[] bytes) {
            return now(() -> SyncScripted.super.receive(bytes));
        }

        @Override
        public CompletionStage<Void> defaultDisconnect(int code) {
            return now(() -> SyncScripted.super.disconnect(code));
        }

        @Override
        public CompletionStage<Void> accept() {
            return now(() -> SyncScripted.this.accept());
        }

        @Override
        public CompletionStage<Void> accept(String subprotocol) {
            return now(() -> SyncScripted.this.accept(subprotocol));
        }

        @Override
        public CompletionStage<Void> send(String text) {
            return now(() -> SyncScripted.this.send(text));
        }

        @Override
        public CompletionStage<Void> send(byte[] bytes) {
            return now(() -> SyncScripted.this.send(bytes));
        }

        @Override
        public CompletionStage<Void> send(String text, boolean close) {
            return now(() -> SyncScripted.this.send(text, close));
        }

        @Override
        public CompletionStage<Void> close() {
            return now(() -> SyncScripted.this.close());
        }

        @Override
        public CompletionStage<Void> close(int code) {
            return now(() -> SyncScripted.this.close(code));
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            return now(() -> SyncScripted.this.close(code, reason));
        }

        @Override
        public CompletionStage<Void> groupAdd(String group) {
            return now(() -> SyncScripted.this.groupAdd(group));
        }

        @Override
        public CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message) {
            return CompletableFuture.completedFuture(SyncScripted.this.groupSend(group, message));
        }

        @Override
        public String channelName() {
            return SyncScripted.this.channelName();
        }

        @Override
        public ChannelLayer channelLayer() {
            return SyncScripted.this.channelLayer();
        }

        @Override
        public Scope scope() {
            return SyncScripted.this.scope();
        }

        @Override
        public CompletionStage<Void> done() {
            return DONE;
        }

        @Override
        public CompletionStage<Void> later() {
            return DONE;
        }

        @Override
        public CompletionStage<Void> after(CompletionStage<?> stage) {
            finish(stage);
            return DONE;
        }
    }
}
