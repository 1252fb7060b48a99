package io.channels4j.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens the JDK WebSocket of a {@link WebsocketClient} and says, in words a test can act on, why
 * it could not: refused with an HTTP status, no connection, or no answer in time.
 */
final class Handshake {

    /**
     * What an attempt gave: a connected client, or a failure (with the HTTP status when the
     * server refused the upgrade, else -1).
     */
    record Outcome(WebsocketClient client, AssertionError failure, int refusedStatus) {

        /** The connected client; throws the failure otherwise. */
        WebsocketClient connected() {
            if (failure != null) {
                throw failure;
            }
            return client;
        }

        /** The HTTP status of the refusal; throws when the server accepted, or did not answer over HTTP. */
        int refused(URI uri) {
            if (client != null) {
                client.abort();
                throw new AssertionError("the server accepted the WebSocket handshake to " + uri
                        + " (agreed subprotocol \"" + client.subprotocol() + "\"); expected a refusal");
            }
            if (refusedStatus < 0) {
                throw new AssertionError("expected an HTTP refusal, but " + failure.getMessage(), failure.getCause());
            }
            return refusedStatus;
        }
    }

    private Handshake() {
    }

    static Outcome attempt(URI uri, List<String> subprotocols, List<Map.Entry<String, String>> headers,
            Duration connectTimeout, Duration receiveTimeout) {
        ReceivedFrames received = new ReceivedFrames();
        RecordingListener listener = new RecordingListener(received);
        WebSocket.Builder builder = Http.CLIENT.newWebSocketBuilder().connectTimeout(connectTimeout);
        headers.forEach(h -> builder.header(h.getKey(), h.getValue()));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        CompletableFuture<WebSocket> opening = builder.buildAsync(uri, listener);
        try {
            WebSocket socket = opening.get(connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome(new WebsocketClient(uri, socket, received, listener, receiveTimeout), null, -1);
        } catch (ExecutionException e) {
            return e.getCause() instanceof HttpTimeoutException late ? timedOut(uri, connectTimeout, late)
                    : failed(uri, e.getCause());
        } catch (TimeoutException e) {
            opening.thenAccept(WebSocket::abort);
            return timedOut(uri, connectTimeout, e);
        } catch (InterruptedException e) {
            opening.thenAccept(WebSocket::abort);
            Thread.currentThread().interrupt();
            return new Outcome(null, new AssertionError("interrupted while connecting to " + uri, e), -1);
        }
    }

    private static Outcome timedOut(URI uri, Duration connectTimeout, Exception cause) {
        return new Outcome(null, new AssertionError("no WebSocket handshake with " + uri + " within "
                + connectTimeout.toMillis() + " ms (the connect timeout)", cause), -1);
    }

    private static Outcome failed(URI uri, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            return new Outcome(null, new AssertionError("the server refused the WebSocket handshake to " + uri
                    + " with HTTP " + status + " (to expect a refusal, use refusedStatus())", cause), status);
        }
        return new Outcome(null, new AssertionError("could not open a WebSocket to " + uri + ": " + cause, cause), -1);
    }

    /** One HTTP client for every test connection, made at first use. */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newHttpClient();
    }
}
