package io.channels4j.examples.chat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.presence.Presence;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The members widget's socket, {@code /ws/members/<room_name>/}, apart from the room socket so
 * that the room keeps the tutorial's protocol. It sends the room's members view at once
 * ({@code {"room", "count", "members": [{"name", "connections"}]}}, as {@code GET
 * /chat/<room>/members} answers) and again after every change, with that change's
 * {@code "joins"} and {@code "leaves"} (name -> the connections that came or went). A frame from
 * the client gets an error frame; a room name that cannot be mapped closes with 4400; on a layer
 * that keeps no presence (the Redis pub/sub layer) it closes with 4501.
 */
@ServerEndpoint(value = "/ws/members/{room_name}/", configurator = ConsumerConfigurator.class)
public class MembersConsumer extends AsyncJsonWebsocketConsumer {

    /** Close code when the layer keeps no presence (the Redis pub/sub layer). */
    static final int NO_PRESENCE = 4501;

    @Inject
    Presence presence;

    private String room;
    private String group;

    @Override
    protected CompletionStage<Void> connect() {
        room = scope().urlRoute().kwargs().get("room_name");
        group = RoomMembers.groupFor(room);
        if (group == null) {
            return close(ChatProtocol.BAD_ROOM, ChatProtocol.roomRule());
        }
        if (!RoomMembers.kept(channelLayer())) {
            return close(NO_PRESENCE, "this chat's channel layer keeps no presence; run it with --layer redis or memory");
        }
        return groupAdd(group)
                .thenCompose(joined -> accept())
                .thenCompose(accepted -> sendView(Map.of()));
    }

    @Override
    protected CompletionStage<Void> receiveJson(Object content) {
        return sendJson(Map.of("error", "this socket only tells who is in the room; chat on /ws/chat/<room>/"));
    }

    /** Someone came or went: send the view as it is now, with what changed. */
    CompletionStage<Void> presence_diff(Map<String, Object> event) {
        return sendView(Map.of("joins", counts(event.get("joins")), "leaves", counts(event.get("leaves"))));
    }

    private CompletionStage<Void> sendView(Map<String, Object> change) {
        return presence.list(group).thenCompose(listed -> {
            Map<String, Object> frame = new HashMap<>(RoomMembers.view(room, listed));
            frame.putAll(change);
            return sendJson(frame);
        });
    }

    /** name -> how many connections, from a diff's name -> list of metadata. */
    private static Map<String, Object> counts(Object namesToMetas) {
        Map<String, Object> counts = new HashMap<>();
        if (namesToMetas instanceof Map<?, ?> map) {
            map.forEach((name, metas) -> counts.put(String.valueOf(name), metas instanceof java.util.List<?> l ? l.size() : 0));
        }
        return counts;
    }
}
