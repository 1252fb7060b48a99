package io.channels4j.examples.chat;

import io.channels4j.embedded.EmbeddedServer;

/** The chat's embedded server: its consumers, its pages, its members JSON and its stats, on one port. */
public final class ChatServer {

    private ChatServer() {
    }

    /** Adds the chat's endpoints, pages, static files and {@code /stats} to {@code builder}. */
    public static EmbeddedServer.Builder configure(EmbeddedServer.Builder builder) {
        return builder
                .endpoint(ChatConsumer.class, SyncChatConsumer.class, NotificationsConsumer.class, MembersConsumer.class,
                        BotConsumer.class)
                .json("/chat/{room}/members", (segments, layer) -> RoomMembers.answer(segments.get("room"), layer))
                .redirect("/", "/chat/")
                .page("/chat/", "web/pages/chat-index.html")
                .page("/chat/{room}/", "web/pages/chat-room.html")
                .page("/bot/", "web/pages/bot.html")
                .staticResources("/static", "web/static")
                .statsPath("/stats");
    }
}
