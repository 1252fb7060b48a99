package io.channels4j.examples.chat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.EventHandler;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The notifications widget's socket, {@code /ws/notifications/<room_name>/}, apart from the room
 * socket so that the room keeps the tutorial's protocol. It joins the room's notifications group,
 * then sends the room's pending notifications at once ({@code {"notify": [...]}}, perhaps empty:
 * the page's first frame, so the widget knows it is listening), and again whenever someone joins
 * the room. It names no other room. It takes no messages: a frame from the client gets an error
 * frame. A room name that cannot be mapped to a group closes with 4400, as on the room socket.
 */
@ServerEndpoint(value = "/ws/notifications/{room_name}/", configurator = ConsumerConfigurator.class)
public class NotificationsConsumer extends AsyncJsonWebsocketConsumer {

    @Inject
    Notifications notifications;

    @Override
    protected CompletionStage<Void> connect() {
        String room = scope().urlRoute().kwargs().get("room_name");
        String group = ChatProtocol.notificationsGroupFor(room);
        if (group == null) {
            return close(ChatProtocol.BAD_ROOM, ChatProtocol.roomRule());
        }
        return groupAdd(group)
                .thenCompose(joined -> accept())
                .thenCompose(accepted -> forward(notifications.pending(room)));
    }

    @Override
    protected CompletionStage<Void> receiveJson(Object content) {
        return sendJson(Map.of("error", "this socket only sends notifications; chat on /ws/chat/<room>/"));
    }

    /** The room's pending notifications: forward them to the widget. */
    @EventHandler("notify")
    CompletionStage<Void> onNotify(Map<String, Object> event) {
        return forward(event.get("data"));
    }

    private CompletionStage<Void> forward(Object notifications) {
        return sendJson(Map.of("notify", notifications));
    }
}
