package io.channels4j;

/**
 * A consumer tried to send (or accept, or close) on a connection that is already closed, by
 * itself or by the client. Nothing was sent; the message says who closed it and with which code.
 */
public class ConnectionClosedException extends Channels4jException {

    /** Creates the exception with a message saying how the connection was closed. */
    public ConnectionClosedException(String message) {
        super(message);
    }
}
