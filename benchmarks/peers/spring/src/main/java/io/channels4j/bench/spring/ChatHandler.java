package io.channels4j.bench.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The chat: each connection joins the room named by its path, every {@code {"message": s}} it
 * sends is encoded once as {@code {"message": s}} and that one {@link TextMessage} is sent to
 * every member of the room, through each member's {@link ConcurrentWebSocketSessionDecorator}.
 */
@Component
public class ChatHandler extends TextWebSocketHandler {

    private static final String PREFIX = "/ws/chat/";
    private static final String MEMBER = ChatHandler.class.getName() + ".member";

    /** How long one frame may take to write to a member, and how much may wait behind it. */
    static final int SEND_TIME_LIMIT_MS = 10_000;
    static final int BUFFER_SIZE_LIMIT = 512 * 1024;
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final Map<String, Set<Member>> rooms = new ConcurrentHashMap<>();
    private final LongAdder connections = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final ObjectMapper json;

    ChatHandler(ObjectMapper json) {
        this.json = json;
    }

    record Chat(String message) {
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession tomcat) {
            // Tomcat's blocking write gives up at the same limit (its default: 20 s)
            Session ws = tomcat.getNativeSession(Session.class);
            if (ws != null) {
                ws.getUserProperties().put(BLOCKING_SEND_TIMEOUT, (long) SEND_TIME_LIMIT_MS);
            }
        }
        Member member = new Member(session, room(session));
        session.getAttributes().put(MEMBER, member);
        connections.increment();
        rooms.compute(member.room, (room, members) -> {
            Set<Member> set = members != null ? members : ConcurrentHashMap.newKeySet();
            set.add(member);
            return set;
        });
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage frame) {
        messagesIn.increment();
        String text;
        try {
            JsonNode message = json.readTree(frame.getPayload()).get("message");
            if (message == null || !message.isTextual()) {
                return;
            }
            text = json.writeValueAsString(new Chat(message.textValue()));
        } catch (JsonProcessingException | RuntimeException notChat) {
            return;
        }
        Member sender = (Member) session.getAttributes().get(MEMBER);
        Set<Member> members = rooms.get(sender.room);
        if (members == null) {
            return;
        }
        TextMessage out = new TextMessage(text);
        for (Member member : members) {
            member.send(out);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Member member = (Member) session.getAttributes().get(MEMBER);
        if (member == null) {
            return;
        }
        rooms.computeIfPresent(member.room, (room, members) -> {
            members.remove(member);
            return members.isEmpty() ? null : members;
        });
        member.closed();
        connections.decrement();
    }

    /** The counters, in the shape of channels4j's /stats. */
    Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("connections", connections.sum());
        stats.put("groups", (long) rooms.size());
        stats.put("channels", rooms.values().stream().mapToLong(Set::size).sum());
        stats.put("messagesIn", messagesIn.sum());
        stats.put("messagesOut", messagesOut.sum());
        stats.put("dropped", dropped.sum());
        return stats;
    }

    private static String room(WebSocketSession session) {
        String path = session.getUri().getPath();
        int start = path.indexOf(PREFIX) + PREFIX.length();
        int end = path.indexOf('/', start);
        return end < 0 ? path.substring(start) : path.substring(start, end);
    }

    /**
     * One connection: its session behind the concurrent decorator, which sends from one thread at
     * a time and buffers behind a slow send, over a decorator that counts what was written.
     * {@code unsettled} counts frames handed to the decorator and neither written nor failed yet;
     * when the session closes, those (still in the decorator's buffer) are counted as dropped, and
     * so is every frame sent to it after that.
     */
    final class Member {

        private static final long CLOSED = Long.MIN_VALUE / 2;

        final String room;
        final ConcurrentWebSocketSessionDecorator session;
        final AtomicLong unsettled = new AtomicLong();

        Member(WebSocketSession raw, String room) {
            this.room = room;
            this.session = new ConcurrentWebSocketSessionDecorator(new WebSocketSessionDecorator(raw) {
                @Override
                public void sendMessage(WebSocketMessage<?> message) throws IOException {
                    try {
                        super.sendMessage(message);
                    } catch (IOException | RuntimeException failed) {
                        settled(false);
                        throw failed;
                    }
                    settled(true);
                }
            }, SEND_TIME_LIMIT_MS, BUFFER_SIZE_LIMIT);
        }

        void send(TextMessage message) {
            if (unsettled.getAndIncrement() < 0) {
                dropped.increment();
                return;
            }
            try {
                session.sendMessage(message);
            } catch (SessionLimitExceededException tooSlow) {
                // TERMINATE: the member fell more than the limits behind; close it (4500, "session
                // not reliable"); what is still buffered for it is counted as dropped in closed()
                try {
                    session.close(tooSlow.getStatus());
                } catch (IOException | RuntimeException alreadyGone) {
                    // closing anyway
                }
            } catch (IOException | RuntimeException failed) {
                // counted by the counting decorator; the container closes the session
            }
        }

        private void settled(boolean written) {
            // after closed() the frame was counted already (as dropped, even if this write made it)
            if (unsettled.getAndDecrement() > 0) {
                (written ? messagesOut : dropped).increment();
            }
        }

        void closed() {
            long left = unsettled.getAndSet(CLOSED);
            if (left > 0) {
                dropped.add(left);
            }
        }
    }
}
