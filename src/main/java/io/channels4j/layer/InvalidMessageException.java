package io.channels4j.layer;

import io.channels4j.Channels4jException;

/**
 * A message given to a channel layer cannot travel: it holds a value of a type the layer cannot
 * carry, a non-string key, or the reserved key {@code __asgi_channel__}. The message names the
 * path of the offending value, e.g. {@code message.items[2]}.
 */
public class InvalidMessageException extends Channels4jException {

    /** Creates the exception with a message naming the offending value's path. */
    public InvalidMessageException(String message) {
        super(message);
    }
}
