package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.Users;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.presence.Presence;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consumers on the embedded server get CDI injection, and the layer is the application-scoped bean. */
class EmbeddedCdiIT {

    /** An ordinary application bean. */
    @ApplicationScoped
    public static class Greeter {
        String greet(String name) {
            return "hello " + name;
        }
    }

    /** Ordinary (non-WebSocket) application code pushing to a room through the injected layer. */
    @ApplicationScoped
    public static class Announcer {
        @Inject
        ChannelLayer layer;

        void announce(String room, String text) {
            layer.groupSend("announce_" + room, Map.of("type", "announcement", "text", text))
                    .toCompletableFuture().join();
        }
    }

    static final AtomicInteger DESTROYED = new AtomicInteger();

    @ServerEndpoint(value = "/ws/greet/{room}/", configurator = ConsumerConfigurator.class)
    public static class GreetingConsumer extends AsyncWebsocketConsumer {
        @Inject
        Greeter greeter;

        @Override
        protected List<String> groups() {
            return List.of("announce_" + scope().urlRoute().kwargs().get("room"));
        }

        @Override
        protected CompletionStage<Void> receive(String text) {
            return send(greeter.greet(text));
        }

        CompletionStage<Void> announcement(Map<String, Object> event) {
            return send("announced: " + event.get("text"));
        }

        @PreDestroy
        void destroyed() {
            DESTROYED.incrementAndGet();
        }
    }

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(b -> b.endpoint(GreetingConsumer.class));

    @Test
    void consumersGetTheirDependenciesInjected() {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/greet/a/"))) {
            client.send("kim");
            assertThat(client.receiveText()).isEqualTo("hello kim");
        }
    }

    @Test
    void aNonWebSocketBeanReachesARoomThroughTheInjectedLayer() {
        try (WebsocketClient inRoom = WebsocketClient.connect(SERVER.ws("ws/greet/news/"));
             WebsocketClient elsewhere = WebsocketClient.connect(SERVER.ws("ws/greet/sports/"))) {
            inRoom.send("ping");
            assertThat(inRoom.receiveText()).isEqualTo("hello ping");
            SERVER.server().bean(Announcer.class).announce("news", "deploy at 5");
            assertThat(inRoom.receiveText()).isEqualTo("announced: deploy at 5");
            assertThat(elsewhere.receiveNothing(java.time.Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void theConsumersLayerIsTheApplicationScopedBean() {
        ChannelLayer bean = SERVER.server().bean(ChannelLayer.class);
        assertThat(SERVER.server().channelLayer().stats()).isEqualTo(bean.stats());
        bean.groupAdd("probe", "probe.channel").toCompletableFuture().join();
        assertThat(SERVER.server().channelLayer().stats().groups()).isEqualTo(bean.stats().groups());
        bean.groupDiscard("probe", "probe.channel").toCompletableFuture().join();
    }

    @Test
    void aConnectionsChannelIsTappedSoEventsReachItsInboxWithoutAReceive() {
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/greet/tapped/"))) {
            client.send("ping");
            assertThat(client.receiveText()).isEqualTo("hello ping");
            ChannelLayer layer = SERVER.server().channelLayer();
            String channel = layer.groupMembers("announce_tapped").toCompletableFuture().join().iterator().next();
            assertThat(io.channels4j.layer.internal.ChannelTaps.of(layer)).as("the runtime has the bean's instance").isPresent();
            java.util.concurrent.CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, () -> layer.receive(channel).toCompletableFuture().join());
            assertThat(refused.getCause()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("received by its connection");
            layer.groupSend("announce_tapped", Map.of("type", "announcement", "text", "tapped")).toCompletableFuture().join();
            assertThat(client.receiveText()).isEqualTo("announced: tapped");
        }
    }

    @Test
    void usersIsABeanOverTheApplicationsLayer() {
        Users users = SERVER.server().bean(Users.class);
        String channel = SERVER.server().channelLayer().newChannel("probe").toCompletableFuture().join();
        SERVER.server().channelLayer().groupAdd(Users.group("ada"), channel).toCompletableFuture().join();
        assertThat(users.sendToUser("ada", Map.of("type", "probe.message")).toCompletableFuture().join().delivered())
                .as("sent through the consumers' layer").isEqualTo(1);
        SERVER.server().channelLayer().releaseChannel(channel).toCompletableFuture().join();
    }

    @Test
    void withALayerTheApplicationSuppliesUsersAndPresenceAreBeansOverIt() {
        InMemoryChannelLayer supplied = new InMemoryChannelLayer();
        EmbeddedServer server = EmbeddedServer.builder().cdi(true).channelLayer(supplied).build().start();
        try {
            String channel = supplied.newChannel("probe").toCompletableFuture().join();
            supplied.groupAdd(Users.group("ada"), channel).toCompletableFuture().join();
            assertThat(server.bean(Users.class).sendToUser("ada", Map.of("type", "probe.message"))
                    .toCompletableFuture().join().delivered()).isEqualTo(1);
            server.bean(Presence.class).track("probe-room", channel, "ada", Map.of()).toCompletableFuture().join();
            assertThat(new Presence(supplied).list("probe-room").toCompletableFuture().join()).containsOnlyKeys("ada");
        } finally {
            server.stop();
            supplied.close();
        }
    }

    @Test
    void consumerInstancesAreReleasedWhenTheirConnectionCloses() {
        int before = DESTROYED.get();
        try (WebsocketClient client = WebsocketClient.connect(SERVER.ws("ws/greet/b/"))) {
            client.send("x");
            assertThat(client.receiveText()).isEqualTo("hello x");
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> DESTROYED.get() > before);
    }
}
