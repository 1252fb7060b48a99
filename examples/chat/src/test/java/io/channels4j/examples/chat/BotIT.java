package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat bot: its model is built once per server, off the event threads, and kept. */
class BotIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(ChatServer::configure);

    @Test
    void theModelIsBuiltOnceOnTheBlockingPoolAndLaterClientsDoNotWaitForIt() {
        BotModel model = SERVER.server().bean(BotModel.class);
        assertThat(model.isLoaded()).isFalse();
        try (Client first = Client.connect(SERVER.ws("ws/bot/"))) {
            first.send("{\"message\": \"how do I leave a group when a connection ends?\"}");
            String answer = first.nextMessage();
            assertThat(answer).contains("\"coldStart\":true").contains("\"latencyMs\":");
        }
        assertThat(model.loads()).isEqualTo(1);
        assertThat(model.loadedOnThread()).startsWith("channels4j-blocking");
        try (Client later = Client.connect(SERVER.ws("ws/bot/"))) {
            later.send("{\"message\": \"what is a channel layer?\"}");
            assertThat(later.nextMessage()).contains("\"coldStart\":false");
            later.send("{\"message\": \"which close code does a denied connection get?\"}");
            assertThat(later.nextMessage()).contains("\"coldStart\":false");
        }
        assertThat(model.loads()).isEqualTo(1);
    }

    @Test
    void aChatClientIsAnsweredWhileTheBotIsBusy() {
        try (Client bot = Client.connect(SERVER.ws("ws/bot/")); Client chat = Client.joined(SERVER.ws("ws/chat/busy/"))) {
            bot.send("{\"message\": \"what does groupSend do?\"}");
            chat.send("{\"message\": \"not blocked\"}");
            assertThat(chat.nextMessage()).isEqualTo("{\"message\":\"not blocked\"}");
            assertThat(bot.nextMessage()).contains("\"message\":");
        }
    }

    @Test
    void aBadQuestionGetsAnErrorFrame() {
        try (Client bot = Client.connect(SERVER.ws("ws/bot/"))) {
            bot.send("{\"message\": [\"not\", \"a\", \"string\"]}");
            assertThat(bot.nextError()).contains("must be a string");
        }
    }
}
