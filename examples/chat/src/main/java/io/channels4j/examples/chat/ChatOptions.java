package io.channels4j.examples.chat;

import io.channels4j.redis.RedisLayerSettings;

/**
 * The chat's command-line flags, checked.
 *
 * @param host address to bind
 * @param port port to bind (0 = any free port)
 * @param layer {@code memory} (this process alone), {@code redis} (several chat processes
 *     sharing rooms through one Redis) or {@code redis-pubsub} (the same over Redis pub/sub)
 * @param redisUrl the Redis URL for {@code --layer redis} and {@code redis-pubsub}
 * @param help whether usage was asked for
 */
public record ChatOptions(String host, int port, String layer, String redisUrl, boolean help) {

    /** The Redis URL when {@code --redis-url} is not given. */
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    /** How to call the chat. */
    public static final String USAGE = """
            usage: java [-Dchannels4j.layer.NAME=VALUE ...] -jar chat.jar [--host HOST] [--port PORT]
                        [--layer memory|redis|redis-pubsub] [--redis-url URL]
              --host       address to bind (default 127.0.0.1)
              --port       port to listen on, 0 for any free port (default 8080)
              --layer      channel layer: memory (default; rooms live in this process), redis
                           (several chat processes share rooms through one Redis) or redis-pubsub
                           (the same over Redis pub/sub: fire-and-forget, nothing stored)
              --redis-url  redis://[:password@]host:port[/db] or rediss://... for the Redis layers
                           (default redis://127.0.0.1:6379); the chat exits if nothing answers there
            Other layer settings (prefix, capacity, expiry, command-timeout, symmetric-encryption-keys)
            come from -Dchannels4j.layer.NAME=VALUE or the environment (CHANNELS4J_LAYER_PREFIX=...);
            see docs/configuration.md.""";

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the unknown flag or bad value
     */
    public static ChatOptions parse(String... args) {
        String host = "127.0.0.1";
        int port = 8080;
        String layer = "memory";
        String redisUrl = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--host" -> host = value(args, ++i, flag);
                case "--port" -> port = port(value(args, ++i, flag));
                case "--layer" -> {
                    layer = value(args, ++i, flag);
                    if (!layer.equals("memory") && !layer.equals("redis") && !layer.equals("redis-pubsub")) {
                        throw new IllegalArgumentException("--layer must be memory, redis or redis-pubsub, got '"
                                + layer + "'");
                    }
                }
                case "--redis-url" -> redisUrl = redisUrl(value(args, ++i, flag));
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "'");
            }
        }
        if (redisUrl != null && layer.equals("memory")) {
            throw new IllegalArgumentException("--redis-url needs --layer redis or redis-pubsub (the memory layer uses"
                    + " no Redis)");
        }
        return new ChatOptions(host, port, layer, redisUrl == null ? DEFAULT_REDIS_URL : redisUrl, help);
    }

    /** Checks a Redis URL as the Redis layer will read it (loads no Redis client class). */
    private static String redisUrl(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis-url must start with redis:// or rediss://, got '"
                    + url + "'");
        }
        try {
            RedisLayerSettings.builder().hosts(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis-url is invalid: " + e.getMessage(), e);
        }
        return url;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, got '" + value + "'");
    }
}
