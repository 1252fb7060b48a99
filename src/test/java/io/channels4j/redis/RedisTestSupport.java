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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The shared Redis of the tests (127.0.0.1:6379, which other processes may use too): tests keep
 * to a key prefix of their own and delete only their own keys, never FLUSHALL.
 */
final class RedisTestSupport {

    static final String SHARED = "redis://127.0.0.1:6379";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisTestSupport() {
    }

    /** Fails with the command to run when nothing answers PING on 127.0.0.1:6379. */
    static void requireSharedRedis() {
        if (!answersPing(6379)) {
            throw new AssertionError("these tests need Redis on 127.0.0.1:6379; start it with: redis-server"
                    + " --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
        }
    }

    /** Whether a Redis on loopback {@code port} answers PING within a second. */
    static boolean answersPing(int port) {
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

    /** A key prefix no other test or process uses: {@code c4jtest-<24 hex>:}. */
    static String uniquePrefix() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "c4jtest-" + HexFormat.of().formatHex(b) + ":";
    }

    /** Runs {@code work} with a plain (string) connection to {@code url}. */
    static void withRedis(String url, Consumer<RedisCommands<String, String>> work) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            work.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    /** How many keys start with {@code prefix} (which has no glob characters), counted with SCAN. */
    static long countKeys(String url, String prefix) {
        long[] count = new long[1];
        withRedis(url, redis -> {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                count[0] += page.getKeys().size();
                cursor = page;
            } while (!cursor.isFinished());
        });
        return count[0];
    }

    /** Deletes every key starting with {@code prefix} (which has no glob characters). */
    static void deleteKeys(String url, String prefix) {
        withRedis(url, redis -> {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        });
    }
}
