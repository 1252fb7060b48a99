package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerStats;
import io.channels4j.embedded.EmbeddedServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Stopping the chat closes every connection with 1001, runs every disconnect and frees the port. */
class StopStartIT {

    @Test
    void afterStopThePortIsFreeAndEveryConsumersDisconnectRan() throws Exception {
        EmbeddedServer server = ChatServer.configure(EmbeddedServer.builder()).build().start();
        int port = server.port();
        Client a = Client.joined(server.wsUri().resolve("ws/chat/stop/"));
        Client b = Client.joined(server.wsUri().resolve("ws/syncchat/stop/"));
        a.send("{\"message\": \"before stop\"}");
        assertThat(b.nextMessage()).isEqualTo("{\"message\":\"before stop\"}");
        assertThat(server.stats().connections()).isEqualTo(2);

        server.stop();

        assertThat(a.awaitClose()).isEqualTo(1001);
        assertThat(b.awaitClose()).isEqualTo(1001);
        ConsumerStats after = server.stats();
        assertThat(after.connections()).isZero();
        assertThat(after.groups()).isZero();
        assertThat(after.channels()).isZero();
        try (ServerSocket probe = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(probe.getLocalPort()).isEqualTo(port);
        }
        a.close();
        b.close();

        EmbeddedServer again = ChatServer.configure(EmbeddedServer.builder().port(port)).build().start();
        try (Client c = Client.joined(again.wsUri().resolve("ws/chat/stop/"))) {
            c.send("{\"message\": \"after restart\"}");
            assertThat(c.nextMessage()).isEqualTo("{\"message\":\"after restart\"}");
        } finally {
            again.stop();
        }
    }
}
