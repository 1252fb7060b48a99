package io.channels4j.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** A {@link Transport} over a Jakarta WebSocket {@link Session}: the only class that writes to one. */
final class SessionTransport implements Transport {

    private final Session session;
    private final IntConsumer closeFailed;

    /**
     * @param closeFailed told the code when the container could not close the session, so the
     *     connection still ends
     */
    SessionTransport(Session session, IntConsumer closeFailed) {
        this.session = session;
        this.closeFailed = closeFailed;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException closedMeanwhile) {
            done.accept(closedMeanwhile);
        }
    }

    @Override
    public void sendBinary(byte[] data, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendBinary(ByteBuffer.wrap(data),
                    result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException closedMeanwhile) {
            done.accept(closedMeanwhile);
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                return;
            }
        } catch (IOException | RuntimeException failed) {
            System.getLogger("io.channels4j").log(System.Logger.Level.DEBUG, "closing the session failed", failed);
        }
        closeFailed.accept(code);
    }

    @Override
    public String negotiatedSubprotocol() {
        String agreed = session.getNegotiatedSubprotocol();
        return agreed == null ? "" : agreed;
    }
}
