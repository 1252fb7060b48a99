package io.channels4j;

/**
 * A channel-layer event could not be dispatched to a handler: it has no {@code type}, its type
 * maps to a name with a leading underscore, or the consumer has no handler for it. The default
 * reaction (see {@code onUnhandledEvent}) logs it and closes the connection with
 * {@link CloseCodes#INTERNAL_ERROR}, as Django Channels ends the consumer.
 */
public class EventDispatchException extends Channels4jException {

    /** Creates the exception with a message that names the type and the rule. */
    public EventDispatchException(String message) {
        super(message);
    }
}
