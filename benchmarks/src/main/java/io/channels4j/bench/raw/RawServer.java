package io.channels4j.bench.raw;

import com.sun.net.httpserver.HttpServer;
import io.channels4j.embedded.EmbeddedServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the raw baseline ({@link RawChatEndpoint}) on the same embedded Tyrus/Grizzly server as
 * the chat example, without CDI: {@code java -cp benchmarks.jar io.channels4j.bench.raw.RawServer
 * --port P [--stats-port Q]}. Its counters are served as JSON at {@code http://127.0.0.1:Q/stats}
 * (default Q = P + 1). Stops on SIGTERM.
 */
public final class RawServer {

    private RawServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8090;
        int statsPort = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--stats-port" -> statsPort = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (statsPort < 0) {
            statsPort = port + 1;
        }
        EmbeddedServer server = EmbeddedServer.builder().host("127.0.0.1").port(port).cdi(false)
                .endpoint(RawChatEndpoint.class).build().start();
        HttpServer stats = HttpServer.create(new InetSocketAddress("127.0.0.1", statsPort), 16);
        stats.createContext("/stats", exchange -> {
            byte[] body = RawChatEndpoint.statsJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stats.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stats.stop(0);
            server.stop();
            stopped.countDown();
        }, "raw-shutdown"));
        System.out.println("raw baseline is running: ws://127.0.0.1:" + server.port() + "/ws/chat/<room>/  stats: http://127.0.0.1:"
                + statsPort + "/stats");
        stopped.await();
    }
}
