package io.channels4j.internal;

import io.channels4j.EventDispatchException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The consumer's overridable methods, as the connection calls them. Implemented inside each
 * consumer base class, which alone may call its protected methods. Synchronous consumers return
 * an already-completed stage.
 */
public interface ConsumerHooks {

    /** Calls {@code connect()}. */
    CompletionStage<?> connect();

    /** Calls {@code receive(String)}. */
    CompletionStage<?> receiveText(String text);

    /** Calls {@code receive(byte[])}. */
    CompletionStage<?> receiveBinary(byte[] data);

    /** Calls {@code disconnect(code)}. */
    CompletionStage<?> disconnect(int code);

    /** Calls {@code onUnhandledEvent(event, error)}. */
    CompletionStage<?> unhandledEvent(Map<String, Object> event, EventDispatchException error);

    /** Returns {@code groups()}. */
    List<String> groups();

    /** Wraps what a handler method returned into a stage ({@code null} means done). */
    CompletionStage<?> handlerResult(Object returned);
}
