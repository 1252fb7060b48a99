package io.channels4j.examples.chat;

import io.channels4j.layer.ChannelLayerException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the chat on the embedded server: {@code java -jar target/chat.jar [--host H] [--port P]
 * [--layer memory|redis|redis-pubsub] [--redis-url URL]}. Prints the address to open; stops on Ctrl-C,
 * closing every connection with 1001, then the channel layer. Exits with 2 on bad flags or
 * settings, with 1 when Redis does not answer or the port is taken.
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
        ChatNode node;
        try {
            node = ChatNode.start(options);
        } catch (IllegalArgumentException e) {
            exit(2, e.getMessage());
            return;
        } catch (ChannelLayerException e) {
            exit(1, "--layer " + options.layer() + ": " + e.getMessage()
                    + "\nchat: start Redis there (redis-server --bind 127.0.0.1 --port 6379) or pass another --redis-url");
            return;
        } catch (UncheckedIOException e) {
            exit(1, e.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "chat-shutdown"));
        System.out.println("channels4j chat is running on the " + options.layer() + " layer: open "
                + node.server().httpUri().resolve("chat/") + "  (stats: " + node.server().httpUri().resolve("stats")
                + ", bot: " + node.server().httpUri().resolve("bot/") + ")");
        stopped.await();
    }

    private static void exit(int status, String message) {
        System.err.println("chat: " + message);
        System.exit(status);
    }
}
