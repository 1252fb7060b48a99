package io.channels4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket, for testing what a hostile or broken client does: frames
 * no ordinary client sends, such as a header that declares a huge payload followed by the payload
 * streamed (so the test never holds it), or a message in many fragments. A thread reads the
 * server's frames meanwhile and keeps its close frame, so the close is seen even while the writer
 * is still sending; other frames from the server are read and dropped.
 *
 * <pre>{@code
 * try (RawWebsocket attacker = RawWebsocket.connect(URI.create("ws://127.0.0.1:8000/ws/chat/lobby/"))) {
 *     attacker.streamFrame(true, 0x1, 20L << 20);   // a 20 MiB text frame
 *     assertEquals(1009, attacker.awaitClose().code());
 * }
 * }</pre>
 */
public final class RawWebsocket implements AutoCloseable {

    /**
     * A close frame from the server.
     *
     * @param code its status code (1005 when it had none)
     * @param reason its reason, possibly empty
     */
    public record Close(int code, String reason) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final CompletableFuture<Close> close = new CompletableFuture<>();

    private RawWebsocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection to {@code uri} (ws://host:port/path), with an Origin of the server's own host.
     *
     * @throws IOException when the server refuses the handshake or cannot be reached
     */
    public static RawWebsocket connect(URI uri) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        RawWebsocket ws = new RawWebsocket(socket);
        String host = uri.getHost() + ":" + uri.getPort();
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString("channels4j-rawtest".substring(0, 16).getBytes(StandardCharsets.US_ASCII))
                + "\r\nOrigin: http://" + host + "\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        InputStream in = socket.getInputStream();
        String status = readHead(in);
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + status.lines().findFirst().orElse(""));
        }
        Thread reader = new Thread(() -> ws.readFrames(in), "raw-websocket-reader");
        reader.setDaemon(true);
        reader.start();
        return ws;
    }

    /**
     * Sends one whole text frame.
     *
     * @throws IOException when the server has closed the connection
     */
    public void sendText(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        header(true, 0x1, data.length);
        out.write(data);
        out.flush();
    }

    /**
     * Sends a frame header declaring {@code length} bytes, then streams zero bytes (text: spaces)
     * until all are sent or the server stops taking them.
     *
     * @param fin whether the frame ends its message
     * @param opcode 0x1 text, 0x2 binary, 0x0 a continuation
     * @param length the payload length the header declares
     *
     * @return how many payload bytes were written before the server stopped reading
     */
    public long streamFrame(boolean fin, int opcode, long length) {
        try {
            header(fin, opcode, length);
            return stream(opcode == 0x1 ? (byte) ' ' : 0, length);
        } catch (IOException serverGone) {
            return 0;
        }
    }

    /**
     * Sends {@code fragments} fragments of {@code fragmentBytes} each (a binary message), stopping
     * when the server stops reading.
     *
     * @param fragments how many fragments
     * @param fragmentBytes the payload of each
     *
     * @return how many payload bytes were written
     */
    public long streamFragments(int fragments, int fragmentBytes) {
        long sent = 0;
        try {
            for (int i = 0; i < fragments; i++) {
                header(i == fragments - 1, i == 0 ? 0x2 : 0x0, fragmentBytes);
                long n = stream((byte) 0, fragmentBytes);
                sent += n;
                if (n < fragmentBytes) {
                    break;
                }
            }
        } catch (IOException serverGone) {
            // the server closed: counted so far
        }
        return sent;
    }

    /**
     * The server's close frame, waiting up to 20 s.
     *
     * @throws Exception when none came in time, or the connection ended without one
     */
    public Close awaitClose() throws Exception {
        return close.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private long stream(byte fill, long length) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, fill);   // the mask key is 0: the bytes go as they are
        long sent = 0;
        try {
            while (sent < length && !close.isDone()) {
                int n = (int) Math.min(chunk.length, length - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
            out.flush();
        } catch (IOException serverGone) {
            // the server refused the rest
        }
        return sent;
    }

    /** A masked frame header (mask key 0, so the payload goes unchanged). */
    private void header(boolean fin, int opcode, long length) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream(14);
        h.write((fin ? 0x80 : 0) | opcode);
        if (length <= 125) {
            h.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            h.write(0x80 | 126);
            h.write((int) (length >>> 8));
            h.write((int) length);
        } else {
            h.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                h.write((int) (length >>> shift));
            }
        }
        h.write(new byte[4]);
        out.write(h.toByteArray());
    }

    private void readFrames(InputStream raw) {
        DataInputStream in = new DataInputStream(raw);
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int code = in.readUnsignedByte() & 0x7F;
                long length = code == 126 ? in.readUnsignedShort() : code == 127 ? in.readLong() : code;
                byte[] payload = in.readNBytes((int) length);
                if ((first & 0x0F) == 0x8) {
                    int status = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    close.complete(new Close(status, reason));
                    return;
                }
            }
        } catch (IOException | RuntimeException ended) {
            close.completeExceptionally(new IOException("the connection ended without a close frame", ended));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
