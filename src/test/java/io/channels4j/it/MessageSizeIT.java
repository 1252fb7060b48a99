package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.MaxMessageBytes;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.testing.RawWebsocket;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message over its endpoint's limit (default 1 MiB, {@code channels4j.max-message-bytes}, or
 * {@link MaxMessageBytes}) closes the connection with 1009 and a reason naming the limit, on the
 * embedded server while the frame arrives: a 20 MiB text frame and a 100 MiB binary message in
 * fragments are refused after about the limit's worth of bytes, and other clients are served on.
 */
class MessageSizeIT {

    private static final int MIB = 1024 * 1024;
    private static final String DEFAULT_REASON = "message larger than 1048576 bytes (channels4j.max-message-bytes)";
    static final BlockingQueue<Integer> DISCONNECTS = new LinkedBlockingQueue<>();

    /** Answers every message with its size in bytes. */
    @ServerEndpoint("/ws/size/")
    public static class Sizes extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send(Integer.toString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }

        @Override
        protected void receive(byte[] bytes) {
            send(Integer.toString(bytes.length));
        }

        @Override
        protected void disconnect(int code) {
            DISCONNECTS.add(code);
        }
    }

    /** Takes messages of up to 3 MiB. */
    @MaxMessageBytes(3 * MIB)
    @ServerEndpoint("/ws/size/large/")
    public static class LargeSizes extends Sizes {
    }

    /** Takes messages of up to 100 bytes. */
    @MaxMessageBytes(100)
    @ServerEndpoint("/ws/size/{tiny}/")
    public static class TinySizes extends Sizes {
    }

    /** A limit below 1 is a definition error. */
    @MaxMessageBytes(0)
    @ServerEndpoint("/ws/size/none/")
    public static class NoSizes extends Sizes {
    }

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(
            b -> b.endpoint(Sizes.class, LargeSizes.class, TinySizes.class));

    @Test
    void aTwentyMebibyteTextFrameIsRefusedWith1009AsItArrives() throws Exception {
        DISCONNECTS.clear();
        try (RawWebsocket attacker = RawWebsocket.connect(SERVER.ws("ws/size/"));
             WebsocketClient bystander = WebsocketClient.connect(SERVER.ws("ws/size/"))) {
            long sent = attacker.streamFrame(true, 0x1, 20L * MIB);
            assertThat(attacker.awaitClose()).isEqualTo(new RawWebsocket.Close(1009, DEFAULT_REASON));
            assertThat(sent).as("bytes the server took before refusing").isLessThan(20L * MIB);
            assertThat(DISCONNECTS.poll(5, TimeUnit.SECONDS)).isEqualTo(1009);
            bystander.send("still here");
            assertThat(bystander.receiveText()).isEqualTo("10");
        }
    }

    /**
     * 20 oversize frames in a row leave the server's resident memory within the bound
     * docs/security.md states (64 MiB, after a GC); a server that buffered each frame would grow
     * by hundreds of MiB.
     */
    @Test
    void twentyOversizeFramesInARowKeepMemoryBounded() throws Exception {
        System.gc();
        long before = residentKib();
        for (int i = 0; i < 20; i++) {
            try (RawWebsocket attacker = RawWebsocket.connect(SERVER.ws("ws/size/"))) {
                attacker.streamFrame(true, i % 2 == 0 ? 0x1 : 0x2, 20L * MIB);
                assertThat(attacker.awaitClose().code()).isEqualTo(1009);
            }
        }
        System.gc();
        long growth = residentKib() - before;
        System.out.println("MessageSizeIT: RSS growth after 20 oversize frames of 20 MiB: " + growth + " KiB");
        assertThat(growth).as("RSS growth in KiB").isLessThan(64 * 1024);
    }

    private static long residentKib() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("[^0-9]", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
    }

    @Test
    void aHundredMebibyteBinaryMessageInFragmentsIsRefusedWith1009() throws Exception {
        DISCONNECTS.clear();
        try (RawWebsocket attacker = RawWebsocket.connect(SERVER.ws("ws/size/"))) {
            long sent = attacker.streamFragments(100, MIB);
            assertThat(attacker.awaitClose()).isEqualTo(new RawWebsocket.Close(1009, DEFAULT_REASON));
            assertThat(sent).isLessThan(100L * MIB);
            assertThat(DISCONNECTS.poll(5, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void aMessageOfExactlyTheLimitPassesAndOneByteMoreDoesNot() throws Exception {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/size/"))) {
            client.send(new byte[MIB]);
            assertThat(client.receiveText()).isEqualTo(Integer.toString(MIB));
            client.send("é".repeat(MIB / 2));   // two UTF-8 bytes each: exactly the limit
            assertThat(client.receiveText()).isEqualTo(Integer.toString(MIB));
        }
        try (RawWebsocket client = RawWebsocket.connect(SERVER.ws("ws/size/"))) {
            client.streamFrame(true, 0x2, MIB + 1L);
            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void anEndpointsOwnLimitRaisesOrLowersTheDefault() throws Exception {
        try (WebsocketClient large = WebsocketClient.connect(SERVER.ws("ws/size/large/"))) {
            large.send(new byte[2 * MIB]);
            assertThat(large.receiveText(Duration.ofSeconds(10))).isEqualTo(Integer.toString(2 * MIB));
        }
        try (RawWebsocket large = RawWebsocket.connect(SERVER.ws("ws/size/large/"))) {
            large.streamFrame(true, 0x2, 4L * MIB);
            assertThat(large.awaitClose()).isEqualTo(
                    new RawWebsocket.Close(1009, "message larger than 3145728 bytes (@MaxMessageBytes)"));
        }
        try (WebsocketClient tiny = WebsocketClient.connect(SERVER.ws("ws/size/tiny/"))) {
            tiny.send("x".repeat(100));
            assertThat(tiny.receiveText()).isEqualTo("100");
            tiny.send("x".repeat(101));
            assertThat(tiny.awaitClose()).isEqualTo(1009);
            assertThat(tiny.closeReason()).isEqualTo("message larger than 100 bytes (@MaxMessageBytes)");
        }
    }

    @Test
    void theSettingSetsTheDefault() throws Exception {
        System.setProperty("channels4j.max-message-bytes", "1000");
        EmbeddedServer server;
        try {
            server = EmbeddedServer.builder().port(0).endpoint(Sizes.class).build().start();
        } finally {
            System.clearProperty("channels4j.max-message-bytes");
        }
        try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/size/"))) {
            client.send("x".repeat(1000));
            assertThat(client.receiveText()).isEqualTo("1000");
            client.send("x".repeat(1001));
            assertThat(client.awaitClose()).isEqualTo(1009);
            assertThat(client.closeReason()).isEqualTo("message larger than 1000 bytes (channels4j.max-message-bytes)");
        } finally {
            server.stop();
        }
    }

    @Test
    void badLimitsFailAtStartNamingWhatToFix() {
        assertThatThrownBy(() -> EmbeddedServer.builder().port(0).endpoint(NoSizes.class).build().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot deploy")
                .hasMessageContaining("@MaxMessageBytes(0): the limit must be at least 1 byte");
        System.setProperty("channels4j.max-message-bytes", "1MB");
        try {
            assertThatThrownBy(() -> EmbeddedServer.builder().port(0).endpoint(Sizes.class).build().start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channels4j.max-message-bytes").hasMessageContaining("'1MB'");
        } finally {
            System.clearProperty("channels4j.max-message-bytes");
        }
    }
}
