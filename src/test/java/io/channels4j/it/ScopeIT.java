package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.Scope;
import io.channels4j.WebsocketConsumer;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(
            b -> b.endpoint(WithConfigurator.class, WithoutConfigurator.class, WhoAmI.class));

    private static URI ws(String pathAndQuery) {
        return SERVER.ws(pathAndQuery);
    }

    private static String ask(WebsocketClient client, String part) {
        client.send(part);
        return client.receiveText();
    }

    /**
     * What a consumer's scope answers on one connection.
     *
     * @param rule what the answers show
     * @param pathAndQuery where the client connects
     * @param header one header the client sends, name then value (empty: none)
     * @param answers each scope part asked, in order, with the answer expected
     */
    private record Answers(String rule, String pathAndQuery, List<String> header, Map<String, String> answers) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static Answers answers(String rule, String pathAndQuery, String... partsAndAnswers) {
        return headerAnswers(rule, pathAndQuery, List.of(), partsAndAnswers);
    }

    private static Answers headerAnswers(String rule, String pathAndQuery, List<String> header, String... partsAndAnswers) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < partsAndAnswers.length; i += 2) {
            answers.put(partsAndAnswers[i], partsAndAnswers[i + 1]);
        }
        return new Answers(rule, pathAndQuery, header, answers);
    }

    static Stream<Answers> scopeAnswers() {
        String query = "a=1&a=2&b=x%20y&c=%E2%9C%93&d=1+1&flag";
        return Stream.of(
                answers("the path is decoded, the raw path is as sent and route kwargs are decoded",
                        "ws/scope/caf%C3%A9%20au%20lait/", "path", "/ws/scope/café au lait/",
                        "rawPath", "/ws/scope/caf%C3%A9%20au%20lait/", "kwargs", "{room=café au lait}", "args", "[]"),
                answers("the raw path keeps every escape the client sent", "ws/scope/a%2Fb%2Bc+d%25/",
                        "rawPath", "/ws/scope/a%2Fb%2Bc+d%25/", "kwargs", "{room=a/b+c+d%}"),
                answers("query parameters never show up as route kwargs", "ws/scope/real/?room=fake&other=1",
                        "kwargs", "{room=real}", "queryParams", "{room=[fake], other=[1]}"),
                answers("the query string is kept raw and parsed with repeated parameters", "ws/scope/q/?" + query,
                        "queryString", query, "queryParams", "{a=[1, 2], b=[x y], c=[✓], d=[1 1], flag=[]}"),
                headerAnswers("cookies are parsed from the Cookie header", "ws/scope/c/",
                        List.of("Cookie", "sessionid=abc123; theme=\"dark\"; empty="),
                        "cookies", "{sessionid=abc123, theme=dark, empty=}"),
                answers("the client address is the loopback address the test connects from", "ws/scope/a/",
                        "client", "127.0.0.1"),
                answers("the server address is the address and port the client connected to", "ws/scope/s/",
                        "server", "127.0.0.1:" + SERVER.ws("").getPort()),
                answers("an unauthenticated handshake has an anonymous user and no HTTP session", "ws/scope/u/",
                        "user", "Optional.empty", "authenticated", "false", "httpSession", "Optional.empty"),
                answers("the type is websocket and the method GET", "ws/scope/t/", "type", "websocket", "method", "GET"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scopeAnswers")
    void theScopeAnswersAboutItsOwnHandshake(Answers expected) {
        WebsocketClient.Builder connecting = WebsocketClient.to(ws(expected.pathAndQuery()));
        if (!expected.header().isEmpty()) {
            connecting.header(expected.header().get(0), expected.header().get(1));
        }
        try (WebsocketClient client = connecting.connect()) {
            expected.answers().forEach((part, answer) -> assertThat(ask(client, part)).as(part).isEqualTo(answer));
        }
    }

    @Test
    void headersHaveLowerCasedNamesAndEveryValue() {
        try (WebsocketClient client = WebsocketClient.to(ws("ws/scope/h/")).header("X-Custom-Header", "Some Value")
                .header("X-Multi", "one").header("X-Multi", "two").connect()) {
            assertThat(ask(client, "header:x-custom-header")).isEqualTo("[Some Value]");
            assertThat(ask(client, "header:x-multi")).isEqualTo("[one, two]");
            String names = ask(client, "headerNames");
            assertThat(names).isEqualTo(names.toLowerCase()).contains("host", "x-custom-header", "x-multi");
        }
    }

    @Test
    void anEndpointWithoutTheConfiguratorStillWorksAndSaysWhyHeadersAreMissing() {
        try (WebsocketClient client = WebsocketClient.connect(ws("ws/bare/my%20room/?x=1"))) {
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
        List<CompletableFuture<WebsocketClient>> connecting = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String id = "u" + i;
                connecting.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return WebsocketClient.to(ws("ws/whoami/?n=" + id)).subprotocols("p-" + id)
                            .header("X-N", id).header("Cookie", "n=" + id).connect();
                }, pool));
            }
            go.countDown();
            CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            List<String> seen = new ArrayList<>();
            for (CompletableFuture<WebsocketClient> c : connecting) {
                seen.add(c.join().receiveText());
            }
            List<String> expected = IntStream.range(0, n).mapToObj(i -> "u" + i)
                    .map(id -> "query=" + id + " header=" + id + " cookie=" + id + " offered=[p-" + id + "]")
                    .collect(Collectors.toList());
            assertThat(seen).containsExactlyElementsOf(expected);
        } finally {
            connecting.forEach(c -> c.thenAccept(WebsocketClient::close));
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
