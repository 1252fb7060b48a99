package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @Test
    void aNotificationsReaderHearsOfJoinsToItsOwnRoomOnly() {
        try (Client garden = reader("garden", "{\"notify\":[]}");
             Client kitchen = reader("kitchen", "{\"notify\":[]}");
             Client cook = Client.joined(SERVER.ws("ws/chat/kitchen/"))) {
            assertThat(kitchen.nextNotification()).isEqualTo("{\"notify\":[\"someone joined kitchen\"]}");
            try (Client gardener = Client.joined(SERVER.ws("ws/syncchat/garden/"))) {
                assertThat(garden.nextNotification()).as("the kitchen's join never came: the garden's is next")
                        .isEqualTo("{\"notify\":[\"someone joined garden\"]}");
                try (Client late = reader("garden", "{\"notify\":[\"someone joined garden\"]}")) {
                    late.assertNothingLeftOver();
                }
            }
            garden.assertNothingLeftOver();
            kitchen.assertNothingLeftOver();
        }
    }

    @Test
    void koreanRoomsHaveTheirOwnNotifications() {
        try (Client seoul = reader("%EC%84%9C%EC%9A%B8", "{\"notify\":[]}");
             Client bang = reader("%EB%B0%A9", "{\"notify\":[]}");
             Client visitor = Client.joined(SERVER.ws("ws/chat/%EC%84%9C%EC%9A%B8/"))) {
            assertThat(seoul.nextNotification()).isEqualTo("{\"notify\":[\"someone joined 서울\"]}");
            try (Client guest = Client.joined(SERVER.ws("ws/chat/%EB%B0%A9/"))) {
                assertThat(bang.nextNotification()).isEqualTo("{\"notify\":[\"someone joined 방\"]}");
            }
            seoul.assertNothingLeftOver();
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
