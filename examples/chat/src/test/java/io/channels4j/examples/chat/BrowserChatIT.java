package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat in a real browser: Debian's Chromium driven by playwright-core (see
 * {@code src/test/browser/chat-rooms.mjs}). {@code .ci/test.sh} installs both.
 */
class BrowserChatIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(ChatServer::configure);

    @Test
    void twoPagesInOneRoomExchangeTypedMessagesAndAPageInAnotherRoomShowsNothing() throws Exception {
        Path script = Path.of("src/test/browser/chat-rooms.mjs");
        Path screenshot = Path.of("target/chat-browser.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        assertThat(Path.of("src/test/browser/node_modules/playwright-core")).as(
                "playwright-core is installed (npm ci --prefix src/test/browser; .ci/test.sh does it)").isDirectory();
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))).as(
                "Debian's chromium is installed (.ci/test.sh does it)").exists();
        Process node = new ProcessBuilder("node", script.toString(), SERVER.http("").toString(), screenshot.toString())
                .redirectErrorStream(true).start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        String output = read(node);
        if (!finished) {
            node.destroyForcibly();
        }
        assertThat(finished).as("the browser test finished within 120 s; output:\n" + output).isTrue();
        assertThat(node.exitValue()).as("browser test output:\n" + output).isZero();
        assertThat(output).contains("ok: two pages in lobby exchanged messages");
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(1000);
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
