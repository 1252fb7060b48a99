package io.channels4j.layer;

import io.channels4j.Channels4jException;

/** A channel layer could not do what was asked: its backing store failed, or it was closed. */
public class ChannelLayerException extends Channels4jException {

    /** Creates the exception with a message naming the operation and the reason. */
    public ChannelLayerException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the fault underneath. */
    public ChannelLayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
