package io.channels4j.examples.chat;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Redis for the chat's tests: the shared server on 127.0.0.1:6379 (other processes use it too, so
 * tests keep to a key prefix of their own and delete only their keys), or a private
 * {@code redis-server} on a free loopback port that a test may shut down and start again
 * (no persistence: a restart loses everything).
 */
final class RedisServer implements AutoCloseable {

    static final String SHARED_URL = "redis://127.0.0.1:6379";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Fails with the command to run when nothing answers on 127.0.0.1:6379. */
    static void requireShared() {
        if (!answersPing(6379)) {
            throw new AssertionError("this test needs Redis on 127.0.0.1:6379; start it with: redis-server"
                    + " --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
        }
    }

    /** Starts a private server on a free loopback port and waits until it answers PING. */
    static RedisServer startPrivate() {
        RedisServer server = new RedisServer(freePort());
        server.startAgain();
        return server;
    }

    /** A key prefix no other test or process uses. */
    static String uniquePrefix(String test) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "chatit-" + test + "-" + HexFormat.of().formatHex(b);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the private server (again) on its port; waits (up to 10 s) until it answers PING. */
    void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " is already running");
        }
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server (apt-get install -y redis-server)", e);
        }
        await("redis-server on port " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> answersPing(port));
    }

    /**
     * Shuts the private server down as an operator does ({@code redis-cli -p PORT shutdown nosave})
     * and waits until its process has exited.
     */
    void shutdown() throws Exception {
        Process cli = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "shutdown",
                "nosave").redirectErrorStream(true).start();
        String said = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(10, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new AssertionError("redis-cli shutdown did not finish");
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server on " + port + " still runs after shutdown nosave: " + said);
        }
    }

    /** Kills the private server if it still runs. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code work} on a plain connection to {@code url}. */
    static <T> T with(String url, Function<RedisCommands<String, String>, T> work) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection.sync());
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** The members of the group {@code group} under {@code prefix}: {@code ZCARD prefix:group:name}. */
    static long groupSize(String url, String prefix, String group) {
        return with(url, redis -> redis.zcard(prefix + ":group:" + group));
    }

    /**
     * The most messages waiting in one process's queue under {@code prefix}
     * ({@code ZCARD prefixspecific.<process>!}, backups excluded).
     */
    static long largestQueue(String url, String prefix) {
        return with(url, redis -> {
            long largest = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "specific.*").limit(1000));
                for (String key : page.getKeys()) {
                    if (!key.endsWith("$inflight")) {
                        largest = Math.max(largest, redis.zcard(key));
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
            return largest;
        });
    }

    /** Deletes every key starting with {@code prefix} (which has no glob characters). */
    static void deleteKeys(String url, String prefix) {
        with(url, redis -> {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return null;
        });
    }

    static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }
}
