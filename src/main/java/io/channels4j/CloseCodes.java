package io.channels4j;

/**
 * WebSocket close codes (RFC 6455, section 7.4) that channels4j uses, with what each means here.
 * Applications may close with any code in
 * {@code 3000..4999} (e.g. {@code close(4123)}); codes that may not be sent in a close frame are
 * rejected with an {@link IllegalArgumentException}.
 */
public final class CloseCodes {

    /** 1000: the purpose of the connection was fulfilled; the default of {@code close()} after accept. */
    public static final int NORMAL = 1000;
    /** 1001: the server is stopping (graceful stop, undeploy) or the browser left the page. */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the WebSocket protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a frame of a kind the consumer cannot take, e.g. a binary frame to a JSON consumer. */
    public static final int UNSUPPORTED_DATA = 1003;
    /**
     * 1005: the connection closed without a status code (a close frame without one, as a
     * container reports it); never sent in a close frame.
     */
    public static final int NO_STATUS = 1005;
    /** 1007: a frame whose payload is invalid, e.g. undecodable JSON. */
    public static final int INVALID_PAYLOAD = 1007;
    /**
     * 1008: policy violation; the default code of a <em>denied</em> connection ({@code close()}
     * before {@code accept()}), since the handshake has already completed when {@code connect()} runs.
     */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a frame larger than the endpoint accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: the consumer failed: a handler threw, or an event could not be dispatched. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1013: try again later; the client did not read fast enough and its outbound queue filled up. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }

    /** Whether {@code code} may be sent in a close frame by an application. */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014 && code != 1010)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Checks a close code an application asked for.
     *
     * @return the code
     * @throws IllegalArgumentException naming the allowed ranges
     */
    public static int requireSendable(int code) {
        if (!isSendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent in a close frame;"
                    + " use 1000-1003, 1007-1009, 1011-1014, or an application code in 3000-4999");
        }
        return code;
    }
}
