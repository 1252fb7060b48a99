package io.channels4j.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;

/**
 * Tyrus's servlet upgrade handler, reading the connection through a {@link FrameSizeScanner}: a
 * frame that takes a message past the endpoint's limit never reaches Tyrus's parser, a client
 * close frame with 1009 and the limit's reason does in its place, and the rest of the connection's
 * bytes are dropped unread. Made by the container for {@link ServletFrameGuard}'s requests only.
 */
public class GuardedTyrusUpgradeHandler extends TyrusHttpUpgradeHandler {

    private MessageLimit limit;

    /** For the container, which makes one per upgraded request. */
    public GuardedTyrusUpgradeHandler() {
    }

    void limit(MessageLimit limit) {
        this.limit = limit;
    }

    @Override
    public void init(WebConnection connection) {
        super.init(limit == null ? connection : new Guarded(connection, new FrameSizeScanner(limit)));
    }

    /** The connection, its input read through the scanner. */
    private record Guarded(WebConnection connection, FrameSizeScanner scanner) implements WebConnection {
        @Override
        public ServletInputStream getInputStream() throws IOException {
            return new ScannedInput(connection.getInputStream(), scanner);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return connection.getOutputStream();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /**
     * The container's input, scanned: what the scanner hands on is served first from what is left
     * of the last read, then from the next one. Read by one thread at a time (the container's
     * read listener).
     */
    private static final class ScannedInput extends ServletInputStream {
        private final ServletInputStream in;
        private final FrameSizeScanner scanner;
        private ByteBuffer pending = ByteBuffer.allocate(0);

        ScannedInput(ServletInputStream in, FrameSizeScanner scanner) {
            this.in = in;
            this.scanner = scanner;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!pending.hasRemaining()) {
                byte[] raw = new byte[Math.max(length, 8192)];
                int n = in.read(raw, 0, raw.length);
                if (n <= 0) {
                    return n;
                }
                ByteBuffer read = ByteBuffer.wrap(raw, 0, n);
                ByteBuffer passed = scanner.scan(read);
                pending = passed == read ? read : passed;
                if (!pending.hasRemaining() && (scanner.refused() || !in.isReady())) {
                    return 0;   // dropped after a refusal, or a header held back: nothing to hand on yet
                }
            }
            int n = Math.min(length, pending.remaining());
            pending.get(into, offset, n);
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int available() throws IOException {
            return pending.remaining() + in.available();
        }

        @Override
        public boolean isFinished() {
            return !pending.hasRemaining() && in.isFinished();
        }

        @Override
        public boolean isReady() {
            return pending.hasRemaining() || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
