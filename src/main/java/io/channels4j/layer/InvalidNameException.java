package io.channels4j.layer;

import io.channels4j.Channels4jException;

/** A channel or group name broke the naming rules; the message quotes the rule and the name. */
public class InvalidNameException extends Channels4jException {

    /** Creates the exception with a message that quotes the broken rule. */
    public InvalidNameException(String message) {
        super(message);
    }
}
