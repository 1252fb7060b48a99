package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(b -> b.endpoint(Negotiating.class));

    private static WebsocketClient connect(String query, String... offered) {
        return WebsocketClient.to(SERVER.ws("ws/proto/" + query)).subprotocols(offered).connect();
    }

    @ParameterizedTest(name = "offered {1}, accepting with \"{0}\": agreed \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        // the first offered subprotocol the endpoint lists is agreed, and accepting it works
        "?accept=b | a b | b",
        // the client's order of preference decides when both are listed
        "?accept=c | c b | c",
        // accepting without a subprotocol works when none was offered
        "          |     |  "})
    void acceptingWithTheAgreedSubprotocolWorks(String query, String offered, String agreed) {
        try (WebsocketClient client = connect(nullToEmpty(query), words(offered))) {
            assertThat(client.subprotocol()).isEqualTo(nullToEmpty(agreed));
            client.send("what did I offer?");
            assertThat(client.receiveText()).isEqualTo("offered " + List.of(words(offered)));
        }
    }

    @Test
    void acceptingWithASubprotocolTheHandshakeDidNotAgreeClosesWith1011() {
        try (RecordingLogHandler log = RecordingLogHandler.attach(); WebsocketClient client = connect("?accept=c", "a", "b")) {
            assertThat(client.subprotocol()).isEqualTo("b");
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.closeReason()).isEqualTo("internal error");
            assertThat(log.awaitRecord("handler failed").getThrown().getMessage()).contains("'c'").contains("'b'");
        }
    }

    @Test
    void acceptingWithAnOfferedSubprotocolTheEndpointDoesNotListClosesWith1011() {
        try (RecordingLogHandler log = RecordingLogHandler.attach(); WebsocketClient client = connect("?accept=a", "a")) {
            assertThat(client.subprotocol()).isEmpty();
            assertThat(client.awaitClose()).isEqualTo(1011);
            assertThat(client.closeReason()).isEqualTo("internal error");
            assertThat(log.awaitRecord("handler failed").getThrown().getMessage()).contains("agreed on none");
        }
    }

    private static String[] words(String spaced) {
        return spaced == null ? new String[0] : spaced.split(" ");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
