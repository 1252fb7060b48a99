package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.Scope;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.WsClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a consumer's scope shows about its own handshake, with and without the configurator. */
class ScopeIT {

    /** Answers each text frame, the name of a scope part, with that part of its scope. */
    public abstract static class ScopeReporter extends WebsocketConsumer {
        @Override
        protected void receive(String part) {
            try {
                send(String.valueOf(answer(scope(), part)));
            } catch (RuntimeException e) {
                send(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private static Object answer(Scope s, String part) {
            if (part.startsWith("header:")) {
                return s.headers().get(part.substring("header:".length()));
            }
            return switch (part) {
                case "type" -> s.type();
                case "method" -> s.method();
                case "path" -> s.path();
                case "rawPath" -> s.rawPath();
                case "queryString" -> s.queryString();
                case "queryParams" -> s.queryParams();
                case "headerNames" -> s.headers().keySet();
                case "cookies" -> s.cookies();
                case "subprotocols" -> s.subprotocols();
                case "client" -> s.client().map(Scope.Address::host).orElse("unknown");
                case "server" -> s.server().map(a -> a.host() + ":" + a.port()).orElse("unknown");
                case "kwargs" -> s.urlRoute().kwargs();
                case "args" -> s.urlRoute().args();
                case "user" -> s.user();
                case "authenticated" -> s.isAuthenticated();
                case "httpSession" -> s.httpSession();
                default -> "no such part: " + part;
            };
        }
    }

    @ServerEndpoint(value = "/ws/scope/{room}/", configurator = ConsumerConfigurator.class)
    public static class WithConfigurator extends ScopeReporter {
    }

    @ServerEndpoint("/ws/bare/{room}/")
    public static class WithoutConfigurator extends ScopeReporter {
    }

    /** Tells the client, as soon as it connects, what its scope says about the client. */
    @ServerEndpoint(value = "/ws/whoami/", configurator = ConsumerConfigurator.class)
    public static class WhoAmI extends WebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            Scope s = scope();
            send("query=" + s.queryParam("n").orElse("-") + " header=" + s.header("x-n").orElse("-")
                    + " cookie=" + s.cookies().getOrDefault("n", "-") + " offered=" + s.subprotocols());
        }
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.builder().endpoint(WithConfigurator.class, WithoutConfigurator.class, WhoAmI.class)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static URI ws(String pathAndQuery) {
        return server.wsUri().resolve(pathAndQuery);
    }

    private static String ask(WsClient client, String part) {
        client.send(part);
        return client.receive();
    }

    @Test
    void pathIsDecodedRawPathIsAsSentAndRouteKwargsAreDecoded() {
        try (WsClient client = WsClient.connect(ws("ws/scope/caf%C3%A9%20au%20lait/"))) {
            assertThat(ask(client, "path")).isEqualTo("/ws/scope/café au lait/");
            assertThat(ask(client, "rawPath")).isEqualTo("/ws/scope/caf%C3%A9%20au%20lait/");
            assertThat(ask(client, "kwargs")).isEqualTo("{room=café au lait}");
            assertThat(ask(client, "args")).isEqualTo("[]");
        }
    }

    @Test
    void rawPathKeepsEveryEscapeTheClientSent() {
        try (WsClient client = WsClient.connect(ws("ws/scope/a%2Fb%2Bc+d%25/"))) {
            assertThat(ask(client, "rawPath")).isEqualTo("/ws/scope/a%2Fb%2Bc+d%25/");
            assertThat(ask(client, "kwargs")).isEqualTo("{room=a/b+c+d%}");
        }
    }

    @Test
    void queryParametersNeverShowUpAsRouteKwargs() {
        try (WsClient client = WsClient.connect(ws("ws/scope/real/?room=fake&other=1"))) {
            assertThat(ask(client, "kwargs")).isEqualTo("{room=real}");
            assertThat(ask(client, "queryParams")).isEqualTo("{room=[fake], other=[1]}");
        }
    }

    @Test
    void queryStringIsKeptRawAndParsedWithRepeatedParameters() {
        String query = "a=1&a=2&b=x%20y&c=%E2%9C%93&d=1+1&flag";
        try (WsClient client = WsClient.connect(ws("ws/scope/q/?" + query))) {
            assertThat(ask(client, "queryString")).isEqualTo(query);
            assertThat(ask(client, "queryParams")).isEqualTo("{a=[1, 2], b=[x y], c=[✓], d=[1 1], flag=[]}");
        }
    }

    @Test
    void headersHaveLowerCasedNamesAndEveryValue() {
        Map<String, List<String>> headers = Map.of(
                "X-Custom-Header", List.of("Some Value"),
                "X-Multi", List.of("one", "two"));
        try (WsClient client = WsClient.connectWithHeaderLines(ws("ws/scope/h/"), headers)) {
            assertThat(ask(client, "header:x-custom-header")).isEqualTo("[Some Value]");
            assertThat(ask(client, "header:x-multi")).isEqualTo("[one, two]");
            String names = ask(client, "headerNames");
            assertThat(names).isEqualTo(names.toLowerCase()).contains("host", "x-custom-header", "x-multi");
        }
    }

    @Test
    void cookiesAreParsedFromTheCookieHeader() {
        Map<String, String> headers = Map.of("Cookie", "sessionid=abc123; theme=\"dark\"; empty=");
        try (WsClient client = WsClient.connect(ws("ws/scope/c/"), List.of(), headers)) {
            assertThat(ask(client, "cookies")).isEqualTo("{sessionid=abc123, theme=dark, empty=}");
        }
    }

    @Test
    void theClientAddressIsTheLoopbackAddressTheTestConnectsFrom() {
        try (WsClient client = WsClient.connect(ws("ws/scope/a/"))) {
            assertThat(ask(client, "client")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void theServerAddressIsTheAddressAndPortTheClientConnectedTo() {
        try (WsClient client = WsClient.connect(ws("ws/scope/s/"))) {
            assertThat(ask(client, "server")).isEqualTo("127.0.0.1:" + ws("").getPort());
        }
    }

    @Test
    void anUnauthenticatedHandshakeHasAnAnonymousUserAndNoHttpSession() {
        try (WsClient client = WsClient.connect(ws("ws/scope/u/"))) {
            assertThat(ask(client, "user")).isEqualTo("Optional.empty");
            assertThat(ask(client, "authenticated")).isEqualTo("false");
            assertThat(ask(client, "httpSession")).isEqualTo("Optional.empty");
        }
    }

    @Test
    void typeIsWebsocketAndMethodIsGet() {
        try (WsClient client = WsClient.connect(ws("ws/scope/t/"))) {
            assertThat(ask(client, "type")).isEqualTo("websocket");
            assertThat(ask(client, "method")).isEqualTo("GET");
        }
    }

    @Test
    void anEndpointWithoutTheConfiguratorStillWorksAndSaysWhyHeadersAreMissing() {
        try (WsClient client = WsClient.connect(ws("ws/bare/my%20room/?x=1"))) {
            assertThat(ask(client, "path")).isEqualTo("/ws/bare/my room/");
            assertThat(ask(client, "kwargs")).isEqualTo("{room=my room}");
            assertThat(ask(client, "queryParams")).isEqualTo("{x=[1]}");
            assertThat(ask(client, "header:host"))
                    .startsWith("IllegalStateException: ").contains("ConsumerConfigurator");
            assertThat(ask(client, "cookies")).startsWith("IllegalStateException: ").contains("ConsumerConfigurator");
            assertThat(ask(client, "subprotocols"))
                    .startsWith("IllegalStateException: ").contains("ConsumerConfigurator");
            assertThat(ask(client, "type")).as("still open after the failed lookups").isEqualTo("websocket");
        }
    }

    @Test
    void fiftyConcurrentHandshakesEachSeeTheirOwnQueryHeadersAndCookies() throws Exception {
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<WsClient>> connecting = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String id = "u" + i;
                connecting.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return WsClient.connect(ws("ws/whoami/?n=" + id), List.of("p-" + id),
                            Map.of("X-N", id, "Cookie", "n=" + id));
                }, pool));
            }
            go.countDown();
            CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            List<String> seen = new ArrayList<>();
            for (CompletableFuture<WsClient> c : connecting) {
                seen.add(c.join().receive());
            }
            List<String> expected = IntStream.range(0, n).mapToObj(i -> "u" + i)
                    .map(id -> "query=" + id + " header=" + id + " cookie=" + id + " offered=[p-" + id + "]")
                    .collect(Collectors.toList());
            assertThat(seen).containsExactlyElementsOf(expected);
        } finally {
            connecting.forEach(c -> c.thenAccept(WsClient::close));
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("start signal not given within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
