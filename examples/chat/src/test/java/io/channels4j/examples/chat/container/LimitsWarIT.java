package io.channels4j.examples.chat.container;

import static io.channels4j.examples.chat.container.ChatFrames.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.RawWebsocket;
import io.channels4j.testing.WebsocketClient;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits in a real server: JSON nesting (64 levels) closes with 1007, and the default message
 * limit (1 MiB): an oversize message, whole or in
 * fragments, closes the room socket with 1009 while it arrives, and the room's other clients chat on.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsWarIT {

    private static final int MIB = 1024 * 1024;
    private static final String REASON = "message larger than 1048576 bytes (channels4j.max-message-bytes)";

    @Deployment(testable = false)
    static WebArchive chat() {
        return Deployments.chatWar();
    }

    @ArquillianResource
    URL deployment;

    private URI room(String name) {
        return Server.ws(deployment, "chat").resolve("ws/chat/" + name + "/");
    }

    @Test
    void aTwentyMebibyteTextFrameClosesWith1009AndTheRoomChatsOn() throws Exception {
        try (WebsocketClient bystander = Server.connect(room("limits"));
             RawWebsocket attacker = RawWebsocket.connect(room("limits"))) {
            long sent = attacker.streamFrame(true, 0x1, 20L * MIB);
            RawWebsocket.Close close = attacker.awaitClose();
            System.out.println(Server.name() + ": 20 MiB text frame -> " + close + " after " + sent + " bytes sent");
            assertThat(close).isEqualTo(new RawWebsocket.Close(1009, REASON));
            assertThat(sent).as("bytes the server took before refusing").isLessThan(20L * MIB);
            bystander.send("{\"message\": \"still here\"}");
            assertThat(bystander.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"still here\"}");
        }
    }

    @Test
    void aMessageInFragmentsPastTheLimitClosesWith1009() throws Exception {
        try (RawWebsocket attacker = RawWebsocket.connect(room("limits"))) {
            long sent = attacker.streamFragments(100, MIB);
            RawWebsocket.Close close = attacker.awaitClose();
            System.out.println(Server.name() + ": 100 x 1 MiB fragments -> " + close + " after " + sent + " bytes sent");
            assertThat(close).isEqualTo(new RawWebsocket.Close(1009, REASON));
            assertThat(sent).isLessThan(100L * MIB);
        }
    }

    @Test
    void jsonNestedTooDeepClosesWith1007NamingTheLimitAndNothingOverflowsTheStack() {
        try (WebsocketClient bystander = Server.connect(room("deep"));
             WebsocketClient attacker = Server.connect(room("deep"))) {
            attacker.send("[".repeat(100_000) + "]".repeat(100_000));
            assertThat(attacker.awaitClose(Server.SOCKET_WAIT)).isEqualTo(1007);
            assertThat(attacker.closeReason()).isEqualTo("JSON nested deeper than 64 levels (channels4j.json.max-depth)");
            bystander.send("{\"message\": \"still here\"}");
            assertThat(bystander.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"still here\"}");
        }
    }

    @Test
    void aFrameBetweenTheLimitAndTheContainersBufferClosesWith1009() throws Exception {
        try (RawWebsocket attacker = RawWebsocket.connect(room("limits"))) {
            attacker.streamFrame(true, 0x2, 3L * MIB);
            assertThat(attacker.awaitClose()).isEqualTo(new RawWebsocket.Close(1009, REASON));
        }
    }
}
