package io.channels4j.internal;

import io.channels4j.CloseCodes;
import io.channels4j.ConnectionClosedException;
import io.channels4j.InvalidFrameException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * The one place that decides how a connection ends when it must: which close code, what the
 * client is told, and what the log keeps. Every path that closes a connection on its own goes
 * through here: a failing handler or step, an event nobody handles, an invalid frame, the channel
 * layer failing, a client that stops reading, a {@code connect()} that decided nothing, the server
 * or application stopping, and a close the container reported without a status.
 *
 * <p>The client gets a short reason fixed per code ("internal error", "invalid payload", ...),
 * or for a frame past one of channels4j's limits the fixed text naming that limit, never an
 * exception's message: messages carry internals (class names, parser details, a
 * handler's text that may name a database). With the {@value #DEVELOPMENT} setting on, the reason
 * also names the exception and its message, cut to fit a close frame. A message over the
 * endpoint's {@link MessageLimit} closes with 1009 and a reason that names the limit.
 *
 * <p>What a client causes (an invalid frame, an oversize message, a handler failing on a frame)
 * goes to the {@link ClientErrorLog}: one rate-limited line, the stack trace at debug level only.
 * Server-side failures (a failing {@code connect}, event handler, the layer) are logged with the
 * stack trace.
 *
 * <p>Immutable apart from the client-error log's counters; one per runtime.
 */
final class ErrorPolicy {

    /** The setting that sends failure details to clients, for development only. */
    static final String DEVELOPMENT = "channels4j.development";

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final int MAX_REASON_BYTES = 123;

    /**
     * What to do: close with {@code code}, telling the client {@code reason}.
     *
     * @param code the close code
     * @param reason the close reason sent to the client (at most 123 UTF-8 bytes)
     */
    record Closing(int code, String reason) {
    }

    private final boolean development;
    private final ClientErrorLog clientErrors;

    private ErrorPolicy(boolean development, ClientErrorLog clientErrors) {
        this.development = development;
        this.clientErrors = clientErrors;
    }

    /**
     * The policy configured by {@value #DEVELOPMENT} (default off) and the client-error log's settings.
     *
     * @throws IllegalArgumentException naming a setting with a bad value
     */
    static ErrorPolicy fromSettings() {
        return new ErrorPolicy(Settings.flag(DEVELOPMENT, false), ClientErrorLog.fromSettings());
    }

    /** A policy that does, or does not, send failure details to clients. */
    static ErrorPolicy of(boolean development) {
        return new ErrorPolicy(development, ClientErrorLog.fromSettings());
    }

    /** A new window for one connection's client-error lines. */
    ClientErrorLog.Window clientErrorWindow() {
        return clientErrors.connectionWindow();
    }

    /**
     * A handler, a step or the dispatch of an event failed with {@code failure}.
     *
     * @param who the connection, for the log
     * @param peerGone whether the client had already left
     * @param window the connection's client-error window, when a client frame was being handled; else null
     * @return how to close, or null when there is nothing to do (the client left and the failure
     *     only says so)
     */
    Closing failed(String who, Throwable failure, boolean peerGone, ClientErrorLog.Window window) {
        if (failure instanceof ConnectionClosedException && peerGone) {
            LOG.log(Level.DEBUG, () -> who + ": " + failure.getMessage());
            return null;
        }
        if (failure instanceof InvalidFrameException invalid) {
            clientErrors.log(window, who, "invalid frame, closing with " + invalid.closeCode() + ": "
                    + firstLine(invalid.getMessage()), failure);
            if (invalid instanceof JsonLimits.LimitExceeded) {
                return new Closing(invalid.closeCode(), cut(invalid.getMessage()));
            }
            return closing(invalid.closeCode(), failure);
        }
        if (window != null) {
            clientErrors.log(window, who, "handler failed on a client frame; closing with "
                    + CloseCodes.INTERNAL_ERROR + ": " + failure.getClass().getName() + ": "
                    + firstLine(failure.getMessage()) + thrownAt(failure), failure);
        } else {
            LOG.log(Level.WARNING, who + ": handler failed; closing with " + CloseCodes.INTERNAL_ERROR, failure);
        }
        return closing(CloseCodes.INTERNAL_ERROR, failure);
    }

    /**
     * A client sent a message larger than {@code limit}: close with 1009 and a fixed reason that
     * names the limit.
     *
     * @param window the connection's client-error window, or null where there is no connection yet
     */
    Closing tooBig(String who, MessageLimit limit, ClientErrorLog.Window window) {
        clientErrors.log(window, who, "message larger than " + limit.bytes() + " bytes; closing with "
                + CloseCodes.MESSAGE_TOO_BIG, null);
        return new Closing(CloseCodes.MESSAGE_TOO_BIG, limit.reason());
    }

    /** The channel layer could not be read from: the connection cannot get its events. */
    Closing layerFailed(String who, Throwable failure) {
        LOG.log(Level.ERROR, who + ": channel layer receive failed; closing with " + CloseCodes.INTERNAL_ERROR,
                failure);
        return new Closing(CloseCodes.INTERNAL_ERROR, detailed("channel layer unavailable", failure));
    }

    /** More than {@code limit} frames waited for a client that is not reading; they were dropped. */
    Closing overflowed(String who, int limit) {
        LOG.log(Level.WARNING, who + ": more than " + limit + " frames waiting for a client that is not reading;"
                + " dropped them and closing with " + CloseCodes.TRY_AGAIN_LATER);
        return new Closing(CloseCodes.TRY_AGAIN_LATER, "client too slow");
    }

    /** {@code connect()} returned without accepting or closing: the connection is denied. */
    Closing undecided(String who) {
        LOG.log(Level.WARNING, who + ": connect() returned without accept() or close(); denying the connection");
        return new Closing(CloseCodes.POLICY_VIOLATION, "connection not accepted");
    }

    /** The server or the application is stopping: every connection goes away. */
    Closing stopping() {
        return new Closing(CloseCodes.GOING_AWAY, "server stopping");
    }

    /** The code of a {@code close()} without one: normal after accept, a denial before. */
    static int defaultCloseCode(boolean accepted) {
        return accepted ? CloseCodes.NORMAL : CloseCodes.POLICY_VIOLATION;
    }

    /** The code a container reports as a close without a status (no close reason at all). */
    static int noStatus() {
        return CloseCodes.NO_STATUS;
    }

    /** The failure for a text frame that is not one JSON value (close code 1007). */
    static InvalidFrameException invalidJson(String detail, Throwable cause) {
        return new InvalidFrameException(CloseCodes.INVALID_PAYLOAD, "invalid JSON in text frame: " + detail, cause);
    }

    /** The failure for a binary frame sent to a JSON consumer (close code 1003). */
    static InvalidFrameException binaryToJsonConsumer() {
        return new InvalidFrameException(CloseCodes.UNSUPPORTED_DATA,
                "no text section for incoming WebSocket frame: a JSON consumer takes text frames", null);
    }

    /** Where {@code failure} was thrown, for a one-line log: " (at Class.method(File.java:42))", or nothing. */
    private static String thrownAt(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length == 0 ? "" : " (at " + trace[0] + ")";
    }

    /** The first line of {@code message}, at most 200 characters: a client can make messages long. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private Closing closing(int code, Throwable failure) {
        return new Closing(code, detailed(reasonFor(code), failure));
    }

    private String detailed(String fixed, Throwable failure) {
        if (!development || failure == null) {
            return fixed;
        }
        String message = failure.getMessage();
        return cut(fixed + ": " + failure.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    private static String reasonFor(int code) {
        return switch (code) {
            case CloseCodes.UNSUPPORTED_DATA -> "unsupported data";
            case CloseCodes.INVALID_PAYLOAD -> "invalid payload";
            case CloseCodes.POLICY_VIOLATION -> "policy violation";
            case CloseCodes.MESSAGE_TOO_BIG -> "message too big";
            case CloseCodes.INTERNAL_ERROR -> "internal error";
            case CloseCodes.TRY_AGAIN_LATER -> "try again later";
            default -> "closed";
        };
    }

    /** Cuts a reason to at most 123 UTF-8 bytes, between whole characters, on one line. */
    static String cut(String reason) {
        String r = reason.replace('\n', ' ').replace('\r', ' ');
        if (r.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return r;
        }
        int end = Math.min(r.length(), MAX_REASON_BYTES);
        if (end < r.length() && Character.isHighSurrogate(r.charAt(end - 1))) {
            end--;
        }
        r = r.substring(0, end);
        while (r.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            r = r.substring(0, r.offsetByCodePoints(r.length(), -1));
        }
        return r;
    }
}
