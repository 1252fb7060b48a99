package io.channels4j;

/**
 * The root of the few unchecked exceptions channels4j throws. Each subclass is named for its
 * condition ({@code ChannelFullException}, {@code InvalidNameException}, ...) and its message says
 * what was wrong and how to fix it.
 */
public class Channels4jException extends RuntimeException {

    /** Creates an exception with a message that states the broken rule and the offending value. */
    public Channels4jException(String message) {
        super(message);
    }

    /** Creates an exception that wraps the fault it was caused by. */
    public Channels4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
