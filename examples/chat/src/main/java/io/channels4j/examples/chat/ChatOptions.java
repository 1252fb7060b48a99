package io.channels4j.examples.chat;

/**
 * The chat's command-line flags, checked.
 *
 * @param host address to bind
 * @param port port to bind (0 = any free port)
 * @param layer {@code memory} or {@code redis}
 * @param redisUrl the Redis URL for {@code --layer redis}
 * @param help whether usage was asked for
 */
public record ChatOptions(String host, int port, String layer, String redisUrl, boolean help) {

    /** How to call the chat. */
    public static final String USAGE = """
            usage: java -jar chat.jar [--host HOST] [--port PORT] [--layer memory|redis] [--redis-url URL]
              --host       address to bind (default 127.0.0.1)
              --port       port to listen on, 0 for any free port (default 8080)
              --layer      channel layer: memory (default) or redis
              --redis-url  Redis URL for --layer redis (default redis://127.0.0.1:6379)""";

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the unknown flag or bad value
     */
    public static ChatOptions parse(String... args) {
        String host = "127.0.0.1";
        int port = 8080;
        String layer = "memory";
        String redisUrl = "redis://127.0.0.1:6379";
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--host" -> host = value(args, ++i, flag);
                case "--port" -> port = port(value(args, ++i, flag));
                case "--layer" -> {
                    layer = value(args, ++i, flag);
                    if (!layer.equals("memory") && !layer.equals("redis")) {
                        throw new IllegalArgumentException("--layer must be memory or redis, got '" + layer + "'");
                    }
                }
                case "--redis-url" -> {
                    redisUrl = value(args, ++i, flag);
                    if (!redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
                        throw new IllegalArgumentException("--redis-url must start with redis:// or rediss://, got '"
                                + redisUrl + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "'");
            }
        }
        return new ChatOptions(host, port, layer, redisUrl, help);
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
