package io.channels4j;

/**
 * A frame from the client that the consumer cannot take: undecodable JSON (closes with
 * {@link CloseCodes#INVALID_PAYLOAD}) or a binary frame where text is expected (closes with
 * {@link CloseCodes#UNSUPPORTED_DATA}). Thrown by the JSON consumers' default handlers; override
 * them to answer differently.
 */
public class InvalidFrameException extends Channels4jException {

    private final int closeCode;

    /** Creates the exception with the close code the connection will be closed with. */
    public InvalidFrameException(int closeCode, String message, Throwable cause) {
        super(message, cause);
        this.closeCode = CloseCodes.requireSendable(closeCode);
    }

    /** The code the connection closes with when this exception escapes a handler. */
    public int closeCode() {
        return closeCode;
    }
}
