package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Notifications travel on their own socket, {@code /ws/notifications/<room>/}, and only to the
 * readers of the room they are about; the room socket carries only the tutorial's protocol.
 */
class NotificationsIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(ChatServer::configure);

    /** A reader of {@code room}'s notifications that listens: its first frame (the pending ones) was read. */
    private static Client reader(String room, String firstFrame) {
        Client reader = Client.connect(SERVER.ws("ws/notifications/" + room + "/"));
        assertThat(reader.nextNotification()).as("the pending notifications, sent once listening").isEqualTo(firstFrame);
        return reader;
    }

    @Test
    void aRoomClientNeverReceivesANotifyFrameWhileOthersJoinItsRoomAndOtherRooms() {
        try (Client quietReader = reader("quiet", "{\"notify\":[]}");
             WebsocketClient watcher = WebsocketClient.connect(SERVER.ws("ws/chat/quiet/"))) {
            watcher.send("{\"message\": \"first\"}");
            assertThat(watcher.receiveText()).as("the watcher's first frame is its own message")
                    .isEqualTo("{\"message\":\"first\"}");
            List<Client> others = new ArrayList<>();
            try {
                others.add(Client.joined(SERVER.ws("ws/chat/quiet/")));
                others.add(Client.joined(SERVER.ws("ws/syncchat/quiet/")));
                others.add(Client.joined(SERVER.ws("ws/chat/loud/")));
                others.add(reader("loud", "{\"notify\":[\"someone joined loud\"]}"));
                String allThree = "{\"notify\":[\"someone joined quiet\",\"someone joined quiet\","
                        + "\"someone joined quiet\"]}";
                List<String> heard = new ArrayList<>();
                while (!heard.contains(allThree)) {
                    assertThat(heard).as("the quiet room's notifications so far (at most one per join)")
                            .hasSizeLessThan(3);
                    heard.add(quietReader.nextNotification());
                }
                watcher.send("{\"message\": \"last\"}");
                List<String> frames = new ArrayList<>();
                for (String frame = watcher.receiveText(); !frame.equals("{\"message\":\"last\"}");
                     frame = watcher.receiveText()) {
                    frames.add(frame);
                }
                assertThat(frames).as("what the watcher got between its two messages: the newcomers' join probes")
                        .hasSize(2).allSatisfy(frame -> assertThat(frame).startsWith("{\"message\":\"join probe "));
                watcher.assertNothingLeftOver();
            } finally {
                others.forEach(Client::close);
            }
        }
    }

    /** Rooms with ASCII names, and Korean ones (percent-encoded in the path, as a browser sends them). */
    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({"garden, kitchen", "서울, 방"})
    void aNotificationsReaderHearsOfJoinsToItsOwnRoomOnly(String garden, String kitchen) {
        String gardenPath = URLEncoder.encode(garden, StandardCharsets.UTF_8);
        String kitchenPath = URLEncoder.encode(kitchen, StandardCharsets.UTF_8);
        try (Client gardenReader = reader(gardenPath, "{\"notify\":[]}");
             Client kitchenReader = reader(kitchenPath, "{\"notify\":[]}");
             Client cook = Client.joined(SERVER.ws("ws/chat/" + kitchenPath + "/"))) {
            assertThat(kitchenReader.nextNotification()).isEqualTo("{\"notify\":[\"someone joined " + kitchen + "\"]}");
            try (Client gardener = Client.joined(SERVER.ws("ws/syncchat/" + gardenPath + "/"))) {
                assertThat(gardenReader.nextNotification()).as("the kitchen's join never came: the garden's is next")
                        .isEqualTo("{\"notify\":[\"someone joined " + garden + "\"]}");
                try (Client late = reader(gardenPath, "{\"notify\":[\"someone joined " + garden + "\"]}")) {
                    late.assertNothingLeftOver();
                }
            }
            gardenReader.assertNothingLeftOver();
            kitchenReader.assertNothingLeftOver();
        }
    }

    @Test
    void aFrameSentToTheNotificationsSocketGetsAnErrorFrameAndTheSocketStaysOpen() {
        try (Client reader = reader("readonly", "{\"notify\":[]}")) {
            reader.send("{\"message\": \"hello?\"}");
            assertThat(reader.nextError()).contains("only sends notifications");
            try (Client visitor = Client.joined(SERVER.ws("ws/chat/readonly/"))) {
                assertThat(reader.nextNotification()).isEqualTo("{\"notify\":[\"someone joined readonly\"]}");
            }
        }
    }
}
