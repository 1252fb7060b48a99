package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat's own pages in a real browser (see {@code src/test/browser/chat-rooms.mjs}): the room
 * socket and the notifications widget's socket.
 */
class BrowserChatIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(ChatServer::configure);

    @Test
    void twoPagesInOneRoomExchangeTypedMessagesAndAPageInAKoreanRoomShowsNothing() throws Exception {
        Path screenshot = Path.of("target/chat-browser.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        String output = BrowserScript.run("chat-rooms.mjs", SERVER.http("").toString(), screenshot.toString());
        assertThat(output).contains("ok: two pages in lobby exchanged messages");
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(1000);
    }
}
