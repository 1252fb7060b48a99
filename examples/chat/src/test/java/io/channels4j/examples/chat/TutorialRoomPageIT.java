package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Django Channels tutorial's own room page against the built {@code target/chat.jar}, in a
 * real browser (see {@code src/test/browser/tutorial-room.mjs}): a client written for the tutorial
 * works unchanged, because the room socket carries nothing but {@code {"message": ...}}.
 */
class TutorialRoomPageIT {

    @Test
    void tutorialPagesExchangeMessagesAndNoLogShowsUndefined() throws Exception {
        assertThat(ChatProcess.JAR).isRegularFile();
        try (ChatProcess chat = ChatProcess.start("--port", "0").awaitServing()) {
            String output = BrowserScript.run("tutorial-room.mjs", chat.http().toString());
            assertThat(output).contains("ok: the tutorial room page exchanged messages in lobby and 서울");
            chat.stop();
        }
    }
}
