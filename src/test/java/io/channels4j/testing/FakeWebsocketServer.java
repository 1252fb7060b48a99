package io.channels4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * A WebSocket server of one connection, written out by hand on a loopback socket, for what a real
 * container will not do on request: split a message into fragments, drop the TCP connection
 * without a close frame, and show the close frame the client answers with. The test thread drives
 * it; every read is bounded by {@link #WAIT}.
 */
final class FakeWebsocketServer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;

    /** A frame the client sent, unmasked. */
    record Frame(int opcode, byte[] payload) {
        /** The status code of a close frame. */
        int closeCode() {
            return ByteBuffer.wrap(payload).getShort() & 0xffff;
        }
    }

    private final ServerSocket listener;
    private Socket peer;

    FakeWebsocketServer() {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            listener.setSoTimeout((int) WAIT.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/fake/");
    }

    /** Accepts the next connection and completes its handshake. Call it while the client connects. */
    void acceptOne() throws IOException {
        peer = listener.accept();
        peer.setSoTimeout((int) WAIT.toMillis());
        String key = null;
        for (String line : readRequestHead().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("the client sent no Sec-WebSocket-Key");
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        peer.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
        peer.getOutputStream().flush();
    }

    /** Sends one frame (or fragment) as a server does, unmasked. */
    void send(int opcode, boolean fin, byte[] payload) throws IOException {
        OutputStream out = peer.getOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(payload);
        out.flush();
    }

    /** Sends a close frame with {@code code} and no reason. */
    void sendClose(int code) throws IOException {
        send(CLOSE, true, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** Reads the client's next frame, waiting up to {@link #WAIT}. */
    Frame read() throws IOException {
        DataInputStream in = new DataInputStream(peer.getInputStream());
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(first & 0x0f, payload);
    }

    /** Drops the TCP connection without a close frame. */
    void dropConnection() throws IOException {
        peer.close();
    }

    @Override
    public void close() throws IOException {
        if (peer != null) {
            peer.close();
        }
        listener.close();
    }

    private String readRequestHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        var in = peer.getInputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of its handshake: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
