package io.channels4j.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.testing.WebsocketCommunicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence as consumers live it: a consumer that declares {@code presence_diff} gets each diff of
 * its group in order with its other events; one that does not never sees them (no unhandled-event
 * error, no close); a connection that ends leaves its presence, and the others hear it.
 */
class PresenceConsumersTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();
    private final List<WebsocketCommunicator> clients = new ArrayList<>();

    /** Joins the lobby, tracks itself there as its {@code ?name=}, and forwards chat; no {@code presence_diff}. */
    public static class NotWatching extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("lobby");
        }

        @Override
        protected void connect() {
            String name = scope().queryParam("name").orElseThrow();
            new Presence(channelLayer()).track("lobby", channelName(), name, Map.of("name", name))
                    .toCompletableFuture().join();
            accept();   // after the track: a test that saw the accept knows this join's diff has been sent
        }

        @Override
        protected void receiveJson(Object content) {
            groupSend("lobby", Map.of("type", "chat.message", "text", content));
        }

        void chat_message(Map<String, Object> event) {
            sendJson(Map.of("chat", event.get("text")));
        }
    }

    /** The same, forwarding presence too. */
    public static class Watching extends NotWatching {

        void presence_diff(Map<String, Object> event) {
            sendJson(Map.of("joins", ((Map<?, ?>) event.get("joins")).keySet().toString(),
                    "leaves", ((Map<?, ?>) event.get("leaves")).keySet().toString()));
        }
    }

    private WebsocketCommunicator connected(Object consumer, String name) {
        WebsocketCommunicator client = WebsocketCommunicator.of(consumer, "/ws/").queryString("name=" + name)
                .layer(layer).build();
        clients.add(client);
        assertThat(client.connect().accepted()).isTrue();
        return client;
    }

    @AfterEach
    void close() {
        clients.forEach(WebsocketCommunicator::close);
        layer.close();
    }

    @Test
    void aWatchingConsumerHearsJoinsAndLeavesInOrderWithChat() throws Exception {
        WebsocketCommunicator ada = connected(new Watching(), "ada");
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("joins", "[ada]", "leaves", "[]"));

        WebsocketCommunicator bob = connected(new Watching(), "bob");
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("joins", "[bob]", "leaves", "[]"));
        bob.sendJsonTo(Map.of("hi", "all"));
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("chat", Map.of("hi", "all")));
        assertThat(new Presence(layer).list("lobby").toCompletableFuture().get(5, TimeUnit.SECONDS).keySet())
                .containsExactly("ada", "bob");

        bob.close();

        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("joins", "[]", "leaves", "[bob]"));
        assertThat(new Presence(layer).list("lobby").toCompletableFuture().get(5, TimeUnit.SECONDS).keySet())
                .containsExactly("ada");
    }

    @Test
    void aConsumerWithoutAPresenceHandlerNeverSeesTheDiffsAndStaysOpen() throws Exception {
        WebsocketCommunicator quiet = connected(new NotWatching(), "quiet");
        WebsocketCommunicator ada = connected(new Watching(), "ada");
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("joins", "[ada]", "leaves", "[]"));

        ada.sendJsonTo("hello");

        assertThat(quiet.receiveJsonFrom(WAIT)).as("its first frame is the chat, no diff before it")
                .isEqualTo(Map.of("chat", "hello"));
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("chat", "hello"));
        quiet.close();
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("joins", "[]", "leaves", "[quiet]"));
    }
}
