package io.channels4j.examples.chat;

import io.channels4j.embedded.EmbeddedServer;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the chat on the embedded server: {@code java -jar target/chat.jar [--host H] [--port P]
 * [--layer memory|redis] [--redis-url URL]}. Prints the address to open; stops on Ctrl-C,
 * closing every connection with 1001.
 */
public final class ChatApplication {

    private ChatApplication() {
    }

    /** Parses the flags, starts the server and waits until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        ChatOptions options;
        try {
            options = ChatOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chat: " + e.getMessage());
            System.err.println(ChatOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ChatOptions.USAGE);
            return;
        }
        if (options.layer().equals("redis")) {
            System.err.println("chat: --layer redis: the Redis channel layer is not available in this version of"
                    + " channels4j yet; run with --layer memory");
            System.exit(2);
            return;
        }
        EmbeddedServer server = ChatServer.configure(EmbeddedServer.builder().host(options.host()).port(options.port()))
                .build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "chat-shutdown"));
        System.out.println("channels4j chat is running: open " + server.httpUri().resolve("chat/")
                + "  (stats: " + server.httpUri().resolve("stats") + ", bot: " + server.httpUri().resolve("bot/") + ")");
        stopped.await();
    }
}
