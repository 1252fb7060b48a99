package io.channels4j.examples.chat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.ChannelLayerException;
import io.channels4j.presence.Presence;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;

/**
 * The synchronous twin of {@link ChatConsumer}: the same rooms, protocol, Redis outage frames and
 * join notifications and presence, written with blocking calls (handlers run on worker threads).
 */
@ServerEndpoint(value = "/ws/syncchat/{room_name}/", configurator = ConsumerConfigurator.class)
public class SyncChatConsumer extends JsonWebsocketConsumer {

    @Inject
    Notifications notifications;

    @Inject
    Presence presence;

    private String roomGroup;

    @Override
    protected void connect() {
        String room = scope().urlRoute().kwargs().get("room_name");
        roomGroup = ChatProtocol.groupFor(room);
        if (roomGroup == null) {
            close(ChatProtocol.BAD_ROOM, ChatProtocol.roomRule());
            return;
        }
        String name = RoomMembers.displayName(scope().queryParam("name"));
        groupAdd(roomGroup);
        accept();
        if (RoomMembers.kept(channelLayer())) {
            presence.track(RoomMembers.groupFor(room), channelName(), name, Map.of()).toCompletableFuture().join();
        }
        if (notifications.recordJoin(room)) {
            groupSend(ChatProtocol.notificationsGroupFor(room),
                    Map.of("type", "notify", "data", notifications.pending(room)));
        }
    }

    @Override
    protected void receiveJson(Object content) {
        ChatProtocol.Parsed parsed = ChatProtocol.parse(content);
        if (parsed.error() != null) {
            sendJson(parsed.errorFrame());
            return;
        }
        try {
            groupSend(roomGroup, Map.of("type", "chat.message", "message", parsed.message()));
        } catch (ChannelLayerException unavailable) {
            sendJson(ChatProtocol.notDelivered());
        }
    }

    /** A message for the room: forward it to this browser. */
    void chat_message(Map<String, Object> event) {
        sendJson(Map.of("message", event.get("message")));
    }

    /** The layer's Redis went away: tell the browser. */
    void layer_down(Map<String, Object> event) {
        sendJson(ChatProtocol.reconnecting());
    }

    /** Redis is back: tell the browser, with how many messages this process could not pass on. */
    void layer_up(Map<String, Object> event) {
        sendJson(ChatProtocol.back(event.get("lost")));
    }
}
