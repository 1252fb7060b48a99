package io.channels4j.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The JDK WebSocket listener of a {@link WebsocketClient}: joins the parts of each message into
 * one frame and hands it, and the end of the connection, to {@link ReceivedFrames}. The JDK calls
 * it on one thread at a time, so the part buffers need no lock; it asks for one message at a time.
 */
final class RecordingListener implements WebSocket.Listener {

    private final ReceivedFrames received;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    /** The code to answer the server's close with; 0 echoes the server's code (the JDK's default). */
    private volatile int closeAnswer;

    RecordingListener(ReceivedFrames received) {
        this.received = received;
    }

    void answerCloseWith(int code) {
        closeAnswer = code;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(new ReceivedFrames.Frame(text.toString(), null));
            text.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        binary.writeBytes(part);
        if (last) {
            received.add(new ReceivedFrames.Frame(null, binary.toByteArray()));
            binary.reset();
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        int answer = closeAnswer;
        // Returning null lets the JDK echo the server's code; a close sent here is the answer instead.
        CompletionStage<?> answered = answer == 0 ? null : socket.sendClose(answer, "");
        // The JDK reports a connection that ended without a close frame as a close with 1006.
        received.end(code == 1006 ? new ReceivedFrames.Ending(ReceivedFrames.How.BROKEN, code, reason)
                : new ReceivedFrames.Ending(ReceivedFrames.How.SERVER_CLOSED, code, reason));
        return answered;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        received.end(new ReceivedFrames.Ending(ReceivedFrames.How.BROKEN, 1006, String.valueOf(error)));
    }
}
