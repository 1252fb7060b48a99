package io.channels4j.examples.chat.container;

import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The server under test, as the client side sees it: which one runs ({@code -Pwildfly} or
 * {@code -Ppayara}), and a deployment's addresses on 127.0.0.1 (Payara Micro advertises the
 * machine's other address; the tests never use it).
 */
final class Server {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * How long a WebSocket handshake, frame or close may take: a freshly started server answers
     * its first connection slowly (CDI, JSON-B, pools start then), more so on a busy 2-core machine.
     */
    static final Duration SOCKET_WAIT = Duration.ofSeconds(30);

    private Server() {
    }

    /** {@code wildfly} or {@code payara}. */
    static String name() {
        return System.getProperty("channels4j.it.server", "unknown");
    }

    static boolean isPayara() {
        return name().equals("payara");
    }

    /**
     * The base of deployment {@code name} ({@code name.war}, context root {@code /name}) as
     * {@code http://127.0.0.1:port/name/}. Only the port is taken from Arquillian's URL: the Payara
     * Micro adapter reads the context root from the server's console output and, on a busy machine,
     * sometimes reads it before it is printed and gives the bare server URL.
     */
    static URI http(URL deployment, String name) {
        return URI.create("http://127.0.0.1:" + deployment.getPort() + "/" + name + "/");
    }

    /** The base of deployment {@code name} as {@code ws://127.0.0.1:port/name/}. */
    static URI ws(URL deployment, String name) {
        return URI.create("ws://127.0.0.1:" + deployment.getPort() + "/" + name + "/");
    }

    /** Opens a WebSocket to {@code uri} sending {@code headers}, with {@link #SOCKET_WAIT} for every wait. */
    static WebsocketClient connect(URI uri, Map<String, String> headers) {
        return socket(uri, headers).connect();
    }

    static WebsocketClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** The HTTP status with which the server refuses the handshake to {@code uri}; fails if it accepts. */
    static int refusedStatus(URI uri, Map<String, String> headers) {
        return socket(uri, headers).refusedStatus();
    }

    private static WebsocketClient.Builder socket(URI uri, Map<String, String> headers) {
        WebsocketClient.Builder socket = WebsocketClient.to(uri).connectTimeout(SOCKET_WAIT).receiveTimeout(SOCKET_WAIT);
        headers.forEach(socket::header);
        return socket;
    }

    /** GETs {@code uri}; fails unless the answer is 200. */
    static String get(URI uri) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Sends a request built from {@code request}, bounded to 30 s (a cold server's first answer is slow). */
    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
