package io.channels4j;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.GroupSendResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The two consumer base classes as subjects of one test: a {@link Script} says once what a test
 * consumer does at each step, and each flavour runs it in a consumer of its own kind.
 *
 * <p>A script acts through {@link Actions}, whose methods return stages. The synchronous flavour
 * performs each action before it returns (its stages are already complete, and waiting blocks the
 * consumer's thread, as a synchronous handler does); the asynchronous flavour returns the stages
 * of {@link AsyncWebsocketConsumer} itself. Both consumers answer on {@link #PATH}, list the
 * subprotocols {@code v2} and {@code v1}, and record the codes their {@code disconnect} ran with.
 */
enum ConsumerFlavour {
    /** A {@link WebsocketConsumer}. */
    SYNC(SyncScripted::new),
    /** An {@link AsyncWebsocketConsumer}. */
    ASYNC(AsyncScripted::new);

    /** The path both consumers' {@code @ServerEndpoint} declares. */
    static final String PATH = "/ws/test/";

    /** The event type that reaches {@link Script#event}. */
    static final String EVENT = "test.event";

    private final Function<Script, Scripted> factory;

    ConsumerFlavour(Function<Script, Scripted> factory) {
        this.factory = factory;
    }

    /** A new consumer of this flavour that follows {@code script}; one per connection. */
    Scripted consumer(Script script) {
        return factory.apply(script);
    }

    /** A consumer that follows a script. */
    interface Scripted extends RecordsDisconnects {
        /** The base class's own {@code channelName()}. */
        String channelName();
    }

    /**
     * What a test consumer does at each step. Each default does what the base class does when the
     * step is not overridden; {@link #event} handles events of type {@link #EVENT}.
     */
    interface Script {
        /** The step {@code connect()}. */
        default CompletionStage<Void> connect(Actions consumer) {
            return consumer.defaultConnect();
        }

        /** The step {@code receive(String)}. */
        default CompletionStage<Void> receive(Actions consumer, String text) {
            return consumer.defaultReceive(text);
        }

        /** The step {@code receive(byte[])}. */
        default CompletionStage<Void> receive(Actions consumer, byte[] bytes) {
            return consumer.defaultReceive(bytes);
        }

        /** The step {@code disconnect(int)}, after the code has been recorded. */
        default CompletionStage<Void> disconnect(Actions consumer, int code) {
            return consumer.defaultDisconnect(code);
        }

        /** The handler of {@link #EVENT} events; does nothing by default. */
        default CompletionStage<Void> event(Actions consumer, Map<String, Object> event) {
            return consumer.done();
        }

        /** The consumer's {@code groups()}. */
        default List<String> groups() {
            return List.of();
        }
    }

    /**
     * The base class's actions, as stages. An action that the base class refuses at once throws at
     * once, in both flavours.
     */
    interface Actions {
        /** The base class's own {@code connect()}. */
        CompletionStage<Void> defaultConnect();

        /** The base class's own {@code receive(String)}. */
        CompletionStage<Void> defaultReceive(String text);

        /** The base class's own {@code receive(byte[])}. */
        CompletionStage<Void> defaultReceive(byte[] bytes);

        /** The base class's own {@code disconnect(int)}. */
        CompletionStage<Void> defaultDisconnect(int code);

        /** {@code accept()}. */
        CompletionStage<Void> accept();

        /** {@code accept(subprotocol)}. */
        CompletionStage<Void> accept(String subprotocol);

        /** {@code send(text)}. */
        CompletionStage<Void> send(String text);

        /** {@code send(bytes)}. */
        CompletionStage<Void> send(byte[] bytes);

        /** {@code send(text, close)}. */
        CompletionStage<Void> send(String text, boolean close);

        /** {@code close()}. */
        CompletionStage<Void> close();

        /** {@code close(code)}. */
        CompletionStage<Void> close(int code);

        /** {@code close(code, reason)}. */
        CompletionStage<Void> close(int code, String reason);

        /** {@code groupAdd(group)}. */
        CompletionStage<Void> groupAdd(String group);

        /** {@code groupSend(group, message)}. */
        CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message);

        /** {@code channelName()}. */
        String channelName();

        /** {@code channelLayer()}. */
        ChannelLayer channelLayer();

        /** {@code scope()}. */
        Scope scope();

        /** A stage that is already complete. */
        CompletionStage<Void> done();

        /**
         * A little later: a stage that completes after 10 ms on another thread (asynchronous), or
         * now (synchronous: a synchronous step has no later).
         */
        CompletionStage<Void> later();

        /**
         * Once {@code stage} has completed: the asynchronous flavour waits without a thread; the
         * synchronous one blocks the consumer's thread, at most 5 s.
         */
        CompletionStage<Void> after(CompletionStage<?> stage);
    }
}
