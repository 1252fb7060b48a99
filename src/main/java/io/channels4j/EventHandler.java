package io.channels4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a consumer method as the handler of channel-layer events of the given {@code type}, for
 * Java-style names. Without it, an event of type {@code chat.message} is handled by a method named
 * {@code chat_message}.
 *
 * <pre>{@code
 * @EventHandler("chat.message")
 * void onChatMessage(Map<String, Object> event) { send(...); }
 * }</pre>
 *
 * <p>The method takes one {@code Map<String, Object>} and returns {@code void} in a synchronous
 * consumer, a {@code CompletionStage} in an asynchronous one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EventHandler {

    /** The exact event type this method handles, e.g. {@code "chat.message"}. */
    String value();
}
