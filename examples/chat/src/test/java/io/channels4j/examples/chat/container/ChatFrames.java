package io.channels4j.examples.chat.container;

import io.channels4j.testing.WebsocketClient;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The chat's frames as the real-server suites tell them apart. The room protocol has no "joined"
 * frame and a server completes the handshake before the consumer has joined its room, so a suite
 * makes sure a client is in its room with a join probe: a chat message of its own whose echo the
 * consumer can only send once it is in the room's group. The room's other clients get the probe
 * too, so the suites read past the probes.
 */
final class ChatFrames {

    /** How the text of a join probe starts; no suite sends a chat message starting so. */
    private static final String PROBE = "{\"message\":\"join probe ";
    private static final AtomicInteger PROBES = new AtomicInteger();

    /** Every frame but the join probes. */
    static final Predicate<String> CHAT = frame -> !frame.startsWith(PROBE);

    private ChatFrames() {
    }

    /** Sends a join probe on a room socket and waits for its echo; returns the socket, now in its room. */
    static WebsocketClient joined(WebsocketClient socket) {
        String probe = PROBE + PROBES.incrementAndGet() + "\"}";
        socket.send(probe);
        socket.receiveTextMatching(probe::equals);
        return socket;
    }
}
