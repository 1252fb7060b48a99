package io.channels4j.examples.chat.container.probe;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.GroupSendResult;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ordinary (non-WebSocket) application code: {@code POST /api/rooms/{room}/messages} sends its
 * body to the chat room through the injected application-scoped layer, as the chat consumers'
 * own messages travel ({@code type: chat.message} to the room's group,
 * {@code ChannelNames.group("chat", room)}: {@code chat_news}, or {@code chat.uec849cec9ab8} for
 * {@code 서울}).
 */
@Path("rooms/{room}/messages")
@RequestScoped
public class RoomResource {

    @Inject
    ChannelLayer layer;

    /** Sends the text; answers how many members it reached. */
    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public String post(@PathParam("room") String room, String text) throws Exception {
        String group = ChannelNames.group("chat", room);
        GroupSendResult result = layer.groupSend(group, Map.of("type", "chat.message", "message", text))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        return "delivered " + result.delivered();
    }
}
