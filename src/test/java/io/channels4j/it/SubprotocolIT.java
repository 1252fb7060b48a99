package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.support.WsClient;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subprotocol negotiation: the handshake agrees on the first subprotocol the client offers that
 * the endpoint lists, and the consumer must accept with exactly that one.
 */
class SubprotocolIT {

    /** Accepts with the subprotocol named in {@code ?accept=}, or without one; echoes what was offered. */
    @ServerEndpoint(value = "/ws/proto/", subprotocols = {"b", "c"}, configurator = ConsumerConfigurator.class)
    public static class Negotiating extends WebsocketConsumer {
        @Override
        protected void connect() {
            scope().queryParam("accept").ifPresentOrElse(this::accept, this::accept);
        }

        @Override
        protected void receive(String text) {
            send("offered " + scope().subprotocols());
        }
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.builder().endpoint(Negotiating.class).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static WsClient connect(String query, List<String> offered) {
        URI uri = server.wsUri().resolve("ws/proto/" + query);
        return WsClient.connect(uri, offered, Map.of());
    }

    @Test
    void theFirstOfferedSubprotocolTheEndpointListsIsAgreedAndAcceptingItWorks() {
        try (WsClient client = connect("?accept=b", List.of("a", "b"))) {
            assertThat(client.subprotocol()).isEqualTo("b");
            client.send("what did I offer?");
            assertThat(client.receive()).isEqualTo("offered [a, b]");
        }
    }

    @Test
    void theClientsOrderOfPreferenceDecidesWhenBothAreListed() {
        try (WsClient client = connect("?accept=c", List.of("c", "b"))) {
            assertThat(client.subprotocol()).isEqualTo("c");
            client.send("what did I offer?");
            assertThat(client.receive()).isEqualTo("offered [c, b]");
        }
    }

    @Test
    void acceptingWithoutASubprotocolWorksWhenNoneWasOffered() {
        try (WsClient client = connect("", List.of())) {
            assertThat(client.subprotocol()).isEmpty();
            client.send("what did I offer?");
            assertThat(client.receive()).isEqualTo("offered []");
        }
    }

    @Test
    void acceptingWithASubprotocolTheHandshakeDidNotAgreeClosesWith1011() {
        try (WsClient client = connect("?accept=c", List.of("a", "b"))) {
            assertThat(client.subprotocol()).isEqualTo("b");
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.awaitCloseReason()).contains("'c'").contains("'b'");
        }
    }

    @Test
    void acceptingWithAnOfferedSubprotocolTheEndpointDoesNotListClosesWith1011() {
        try (WsClient client = connect("?accept=a", List.of("a"))) {
            assertThat(client.subprotocol()).isEmpty();
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.awaitCloseReason()).contains("agreed on none");
        }
    }
}
