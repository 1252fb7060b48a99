package io.channels4j.bench.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The benchmarks' chat protocol on Spring Boot: {@link ChatHandler} at {@code /ws/chat/<room>/}
 * and {@link StatsController} at {@code /stats}, on one embedded Tomcat port.
 */
@SpringBootApplication
@EnableWebSocket
public class SpringPeer implements WebSocketConfigurer {

    private final ChatHandler chat;

    SpringPeer(ChatHandler chat) {
        this.chat = chat;
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringPeer.class, args);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // the room is the path segment after /ws/chat/ (ChatHandler reads it from the session's URI)
        registry.addHandler(chat, "/ws/chat/*/").setAllowedOrigins("*");
    }

    /** Tomcat's per-session WebSocket settings (see README.md). */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // a chat frame is small text: 8 KiB (Tomcat's default) for text, 1 KiB for the binary
        // buffer nobody uses (Tomcat allocates both for every session)
        container.setMaxTextMessageBufferSize(8192);
        container.setMaxBinaryMessageBufferSize(1024);
        return container;
    }
}
