package io.channels4j.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shared Redis of the tests (127.0.0.1:6379, which other processes may use too): tests keep
 * to a key prefix of their own and delete only their own keys, never FLUSHALL. Also reads what a
 * Redis channel layer keeps there, as channels_redis lays it out. Published in the library's
 * test-jar for the example's tests.
 */
public final class RedisTestSupport {

    /** The URL of the shared test Redis. */
    public static final String SHARED = "redis://127.0.0.1:6379";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisTestSupport() {
    }

    /** Fails with the command to run when nothing answers PING on 127.0.0.1:6379. */
    public static void requireSharedRedis() {
        if (!answersPing(6379)) {
            throw new AssertionError("these tests need Redis on 127.0.0.1:6379; start it with: redis-server"
                    + " --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
        }
    }

    /** Whether a Redis on loopback {@code port} answers PING within a second. */
    public static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** A loopback port nothing listened on when this was called (for a private server, or for "nobody there"). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free loopback port", e);
        }
    }

    /** A key prefix no other test or process uses: {@code c4jtest-<24 hex>:}. */
    public static String uniquePrefix() {
        return "c4jtest-" + randomHex() + ":";
    }

    /**
     * A key prefix no other test or process uses, naming the test that owns it:
     * {@code c4jtest-<label>-<24 hex>}. It has only the characters the pub/sub layer accepts in a
     * prefix, so it suits both Redis layers.
     *
     * @throws IllegalArgumentException if {@code label} is empty or has other characters than
     *     ASCII letters, digits, '-', '_' and '.'
     */
    public static String uniquePrefix(String label) {
        if (label == null || !label.matches("[a-zA-Z\\d\\-_.]+")) {
            throw new IllegalArgumentException("a prefix label may only hold ASCII letters, digits, '-', '_' and '.',"
                    + " got '" + label + "'");
        }
        return "c4jtest-" + label + "-" + randomHex();
    }

    private static String randomHex() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Runs {@code work} with a plain (string) connection to {@code url}. */
    public static void withRedis(String url, Consumer<RedisCommands<String, String>> work) {
        query(url, redis -> {
            work.accept(redis);
            return null;
        });
    }

    /** Runs {@code work} with a plain (string) connection to {@code url} and returns what it returns. */
    public static <T> T query(String url, Function<RedisCommands<String, String>, T> work) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    /**
     * How many channels belong to {@code group} of the Redis channel layer with key prefix
     * {@code prefix}: the size of its sorted set {@code prefix:group:name}.
     */
    public static long groupSize(String url, String prefix, String group) {
        return query(url, redis -> redis.zcard(prefix + ":group:" + group));
    }

    /**
     * The most messages waiting in one queue of a process (its {@code prefix + "specific.<process>!"}
     * sorted set; the in-flight backups are not counted) of the Redis channel layer with key prefix
     * {@code prefix}, which has no glob characters.
     */
    public static long largestQueue(String url, String prefix) {
        long[] largest = new long[1];
        forEachKey(url, prefix + "specific.", (redis, page) -> {
            for (String key : page) {
                if (!key.endsWith("$inflight")) {
                    largest[0] = Math.max(largest[0], redis.zcard(key));
                }
            }
        });
        return largest[0];
    }

    /** How many keys start with {@code prefix} (which has no glob characters), counted with SCAN. */
    public static long countKeys(String url, String prefix) {
        long[] count = new long[1];
        forEachKey(url, prefix, (redis, page) -> count[0] += page.size());
        return count[0];
    }

    /** Deletes every key starting with {@code prefix} (which has no glob characters). */
    public static void deleteKeys(String url, String prefix) {
        forEachKey(url, prefix, (redis, page) -> {
            if (!page.isEmpty()) {
                redis.unlink(page.toArray(String[]::new));
            }
        });
    }

    /** Hands each page of a SCAN of the keys starting with {@code prefix} to {@code work}. */
    private static void forEachKey(String url, String prefix,
            BiConsumer<RedisCommands<String, String>, List<String>> work) {
        withRedis(url, redis -> {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                work.accept(redis, page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
        });
    }
}
