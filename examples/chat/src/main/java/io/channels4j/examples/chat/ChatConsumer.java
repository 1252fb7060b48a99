package io.channels4j.examples.chat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.presence.Presence;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The seed's chat room, asynchronous, speaking exactly the Django Channels tutorial's protocol:
 * joins the room's group ({@code chat_<room_name>}, or the mapped form of a name such as
 * {@code 서울}), broadcasts every message to the room with {@code type: "chat.message"}, and
 * forwards the room's messages to its browser as {@code {"message": ...}}. A bad frame gets an
 * error frame. On the Redis layer it also tells its browser when Redis goes away
 * ({@code {"status": "reconnecting"}}) and comes back ({@code {"status": "back", "lost": n}}), and
 * answers a message it could not pass on meanwhile with an error frame instead of closing. It
 * sends nothing else: its arrival is announced to the room's {@link NotificationsConsumer
 * notifications sockets}, not to the room, and it is tracked as its {@code ?name=} (none:
 * {@code anonymous}; cleaned and cut as {@link RoomMembers#displayName} says) in the room's
 * presence, which the {@link MembersConsumer members sockets} show.
 */
@ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
public class ChatConsumer extends AsyncJsonWebsocketConsumer {

    @Inject
    Notifications notifications;

    @Inject
    Presence presence;

    private String room;
    private String roomGroup;

    @Override
    protected CompletionStage<Void> connect() {
        room = scope().urlRoute().kwargs().get("room_name");
        roomGroup = ChatProtocol.groupFor(room);
        if (roomGroup == null) {
            return close(ChatProtocol.BAD_ROOM, ChatProtocol.roomRule());
        }
        String name = RoomMembers.displayName(scope().queryParam("name"));
        return groupAdd(roomGroup)
                .thenCompose(joined -> accept())
                .thenCompose(accepted -> RoomMembers.kept(channelLayer())
                        ? presence.track(RoomMembers.groupFor(room), channelName(), name, Map.of()) : done())
                .thenCompose(tracked -> {
                    if (!notifications.recordJoin(room)) {
                        return done();   // a broadcast at the end of the window tells the room's readers
                    }
                    return groupSend(ChatProtocol.notificationsGroupFor(room),
                            Map.of("type", "notify", "data", notifications.pending(room))).thenApply(sent -> null);
                });
    }

    @Override
    protected CompletionStage<Void> receiveJson(Object content) {
        ChatProtocol.Parsed parsed = ChatProtocol.parse(content);
        if (parsed.error() != null) {
            return sendJson(parsed.errorFrame());
        }
        return groupSend(roomGroup, Map.of("type", "chat.message", "message", parsed.message()))
                .handle((sent, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return done();
                    }
                    if (ChatProtocol.layerUnavailable(failure)) {
                        return sendJson(ChatProtocol.notDelivered());
                    }
                    return CompletableFuture.failedFuture(failure);
                });
    }

    /** A message for the room: forward it to this browser. */
    CompletionStage<Void> chat_message(Map<String, Object> event) {
        return sendJson(Map.of("message", event.get("message")));
    }

    /** The layer's Redis went away: tell the browser (messages sent now are refused). */
    CompletionStage<Void> layer_down(Map<String, Object> event) {
        return sendJson(ChatProtocol.reconnecting());
    }

    /** Redis is back: tell the browser, with how many messages this process could not pass on. */
    CompletionStage<Void> layer_up(Map<String, Object> event) {
        return sendJson(ChatProtocol.back(event.get("lost")));
    }
}
