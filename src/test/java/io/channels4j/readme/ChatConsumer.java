package io.channels4j.readme;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.layer.ChannelNames;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.concurrent.CompletionStage;

// The README's chat room in ten lines, exactly as printed there (ReadmeChatIT compares the two).
@ServerEndpoint(value = "/ws/chat/{room_name}/", configurator = ConsumerConfigurator.class)
public class ChatConsumer extends AsyncJsonWebsocketConsumer {
    private String group;

    protected CompletionStage<Void> connect() {
        group = ChannelNames.group("chat", scope().urlRoute().kwargs().get("room_name"));  // chat_lobby, chat.uec849cec9ab8
        return groupAdd(group).thenCompose(v -> accept());
    }
    protected CompletionStage<Void> receiveJson(Object content) {
        if (!(content instanceof Map<?, ?> frame && frame.get("message") instanceof String message)) {
            return sendJson(Map.of("error", "send {\"message\": \"...\"}"));
        }
        return groupSend(group, Map.of("type", "chat.message", "message", message)).thenApply(r -> null);
    }
    CompletionStage<Void> chat_message(Map<String, Object> event) {   // type "chat.message"
        return sendJson(Map.of("message", event.get("message")));
    }
}
