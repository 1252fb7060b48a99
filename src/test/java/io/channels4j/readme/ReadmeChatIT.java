package io.channels4j.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's ten-line chat consumer ({@link ChatConsumer}, the same text) over real sockets. */
class ReadmeChatIT {

    private static final InMemoryChannelLayer LAYER = new InMemoryChannelLayer();

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.with(b -> b.endpoint(ChatConsumer.class).channelLayer(LAYER));

    /** Waits until {@code n} consumers are in {@code group}: the handshake completes before connect() runs. */
    private static void awaitMembers(String group, int n) {
        await("members of " + group).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> LAYER.groupMembers(group).toCompletableFuture().join().size() == n);
    }

    @Test
    void theReadmeShowsThisConsumerWordForWord() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## A chat room in ten lines");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String printed = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(Path.of("src/test/java/io/channels4j/readme/ChatConsumer.java"),
                StandardCharsets.UTF_8);
        assertThat(section).as("the README's ten-line section").isNotNegative();
        assertThat(source.substring(source.indexOf("@ServerEndpoint"))).isEqualTo(printed);
    }

    @Test
    void clientsOfTheKoreanRoomSeoulChatInTheDocumentedGroup() {
        try (WebsocketClient alice = WebsocketClient.connect(SERVER.ws("ws/chat/%EC%84%9C%EC%9A%B8/"));
             WebsocketClient bob = WebsocketClient.connect(SERVER.ws("ws/chat/%EC%84%9C%EC%9A%B8/"));
             WebsocketClient lobby = WebsocketClient.connect(SERVER.ws("ws/chat/lobby/"))) {
            awaitMembers("chat.uec849cec9ab8", 2);
            awaitMembers("chat_lobby", 1);
            alice.sendJson(Map.of("message", "안녕하세요"));
            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"안녕하세요\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"message\":\"안녕하세요\"}");
            LAYER.groupSend("chat.uec849cec9ab8", Map.of("type", "chat.message", "message", "from elsewhere"));
            assertThat(alice.receiveText()).isEqualTo("{\"message\":\"from elsewhere\"}");
            assertThat(bob.receiveText()).isEqualTo("{\"message\":\"from elsewhere\"}");
            lobby.sendJson(Map.of("message", "lobby only"));
            assertThat(lobby.receiveText()).isEqualTo("{\"message\":\"lobby only\"}");
            alice.assertNothingLeftOver();
            bob.assertNothingLeftOver();
        }
    }

    @Test
    void anObjectWithoutAStringMessageOrAnArrayGetsAnErrorFrameAndTheConnectionStaysOpen() {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/chat/errors/"))) {
            awaitMembers("chat_errors", 1);
            for (String bad : new String[] {"{}", "[]", "[{\"message\": \"x\"}]", "{\"message\": 42}", "\"message\""}) {
                client.send(bad);
                assertThat(client.receiveText()).as("the answer to " + bad)
                        .isEqualTo("{\"error\":\"send {\\\"message\\\": \\\"...\\\"}\"}");
            }
            client.sendJson(Map.of("message", "still open"));
            assertThat(client.receiveText()).isEqualTo("{\"message\":\"still open\"}");
            assertThat(client.closeCode()).isEmpty();
        }
    }

    @Test
    void aRoomNameThatCannotBeMappedClosesThatConnectionWith1011() {
        try (WebsocketClient tooLong = WebsocketClient.connect(SERVER.ws("ws/chat/" + "x".repeat(257) + "/"))) {
            assertThat(tooLong.awaitClose()).isEqualTo(1011);
        }
    }
}
