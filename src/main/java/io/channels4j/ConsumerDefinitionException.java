package io.channels4j;

/**
 * A consumer class is not usable as written: it declares event handlers with wrong signatures,
 * two handlers for one type, or a handler with a reserved name. Raised when the class is first
 * used, naming every bad handler at once; every connection to that class is closed with
 * {@link CloseCodes#INTERNAL_ERROR} until the class is fixed.
 */
public class ConsumerDefinitionException extends Channels4jException {

    /** Creates the exception with a message listing every problem found. */
    public ConsumerDefinitionException(String message) {
        super(message);
    }
}
