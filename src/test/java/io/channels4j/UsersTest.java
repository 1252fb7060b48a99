package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.WebsocketCommunicator;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Users}: an authenticated connection joins its user's group by itself, so
 * {@code sendToUser} reaches every connection of that user and {@code disconnectUser} closes them
 * all with the given code, and no one else's; an application that knows its users otherwise joins
 * the group in {@code connect()}.
 */
class UsersTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();
    private final Users users = new Users(layer);
    private final List<WebsocketCommunicator> clients = new ArrayList<>();

    /** Forwards notices to its client. */
    public static class SyncNotified extends JsonWebsocketConsumer {
        void notice_message(Map<String, Object> event) {
            sendJson(Map.of("notice", event.get("text")));
        }
    }

    /** The asynchronous twin of {@link SyncNotified}. */
    public static class AsyncNotified extends AsyncJsonWebsocketConsumer {
        java.util.concurrent.CompletionStage<Void> notice_message(Map<String, Object> event) {
            return sendJson(Map.of("notice", event.get("text")));
        }
    }

    /** Knows its user from the query string (a token, in real life) and joins the user's group itself. */
    public static class KeyedByQuery extends SyncNotified {
        @Override
        protected void connect() {
            groupAdd(Users.group(scope().queryParam("user").orElseThrow()));
            accept();
        }
    }

    static Stream<Named<Supplier<Object>>> flavours() {
        return Stream.of(Named.of("sync", SyncNotified::new), Named.of("async", AsyncNotified::new));
    }

    @AfterEach
    void close() {
        clients.forEach(WebsocketCommunicator::close);
        layer.close();
    }

    private WebsocketCommunicator connected(Object consumer, String user) {
        WebsocketCommunicator.Builder b = WebsocketCommunicator.of(consumer, "/ws/").layer(layer);
        if (user != null) {
            Principal principal = () -> user;
            b.user(principal);
        }
        WebsocketCommunicator client = b.build();
        clients.add(client);
        assertThat(client.connect().accepted()).isTrue();
        return client;
    }

    /** A connected consumer of {@code flavour} for each user (null: anonymous), in order. */
    private List<WebsocketCommunicator> connectedAs(Supplier<Object> flavour, String... names) {
        List<WebsocketCommunicator> connected = new ArrayList<>();
        for (String name : names) {
            connected.add(connected(flavour.get(), name));
        }
        return connected;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void sendToUserReachesEveryConnectionOfThatUserOnly(Supplier<Object> flavour) throws Exception {
        List<WebsocketCommunicator> c = connectedAs(flavour, "ada", "ada", "bob", null);
        WebsocketCommunicator tab1 = c.get(0);
        WebsocketCommunicator tab2 = c.get(1);

        GroupSendResult sent = await(users.sendToUser("ada", Map.of("type", "notice.message", "text", "hi")));

        assertThat(sent.delivered()).isEqualTo(2);
        assertThat(tab1.receiveJsonFrom(WAIT)).isEqualTo(Map.of("notice", "hi"));
        assertThat(tab2.receiveJsonFrom(WAIT)).isEqualTo(Map.of("notice", "hi"));
        assertThat(c.get(2).receiveNothing()).as("bob").isTrue();
        assertThat(c.get(3).receiveNothing()).as("anonymous").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void disconnectUserClosesThatUsersConnectionsWithTheCodeAndNoOneElses(Supplier<Object> flavour) throws Exception {
        List<WebsocketCommunicator> c = connectedAs(flavour, "ada", "ada", "bob");

        await(users.disconnectUser("ada", 4001));

        assertThat(c.get(0).awaitClose(WAIT)).isEqualTo(4001);
        assertThat(c.get(0).closeReason()).isEqualTo("disconnected by the server");
        assertThat(c.get(1).awaitClose(WAIT)).isEqualTo(4001);
        WebsocketCommunicator bob = c.get(2);
        Awaitility.await("the connections left the user's group").atMost(WAIT)
                .until(() -> await(layer.groupCount(Users.group("ada"))) == 0);
        await(users.sendToUser("bob", Map.of("type", "notice.message", "text", "still here")));
        assertThat(bob.receiveJsonFrom(WAIT)).isEqualTo(Map.of("notice", "still here"));
    }

    @Test
    void anApplicationThatKnowsItsUsersOtherwiseJoinsTheGroupInConnect() throws Exception {
        WebsocketCommunicator keyed = WebsocketCommunicator.of(new KeyedByQuery(), "/ws/").layer(layer)
                .queryString("user=grace").build();
        clients.add(keyed);
        assertThat(keyed.connect().accepted()).isTrue();
        await(users.sendToUser("grace", Map.of("type", "notice.message", "text", "yours")));
        assertThat(keyed.receiveJsonFrom(WAIT)).isEqualTo(Map.of("notice", "yours"));
        await(users.disconnectUser("grace", 1000));
        assertThat(keyed.awaitClose(WAIT)).isEqualTo(1000);
    }

    @Test
    void userNamesThatAreNoGroupNamesAreMappedTheSameWayEveryTime() {
        assertThat(Users.group("ada")).isEqualTo("user_ada");
        String mapped = Users.group("Ada Lovelace <ada@example.org>");
        assertThat(ChannelNames.requireValidGroup(mapped)).isEqualTo(mapped);
        assertThat(Users.group("Ada Lovelace <ada@example.org>")).isEqualTo(mapped);
        assertThat(Users.group("서연")).isNotEqualTo(Users.group("서현")).startsWith("user.");
        assertThatThrownBy(() -> Users.group(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void disconnectUserTakesOnlyNormalAndApplicationCodes() {
        for (int bad : new int[] {1001, 1011, 2999, 5000}) {
            assertThatThrownBy(() -> users.disconnectUser("ada", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1000 or a code from 3000 to 4999").hasMessageContaining(String.valueOf(bad));
        }
    }

    @Test
    void aMalformedDisconnectEventClosesNothingAndIsLogged() throws Exception {
        WebsocketCommunicator ada = connected(new SyncNotified(), "ada");
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            await(layer.groupSend(Users.group("ada"), Map.of("type", Users.DISCONNECT_TYPE, "code", "soon")));
            assertThat(log.awaitRecord("ignored a channels4j.disconnect event").getMessage()).contains("soon");
            await(layer.groupSend(Users.group("ada"), Map.of("type", Users.DISCONNECT_TYPE, "code", 99)));
            log.awaitRecord("close code");
        }
        await(users.sendToUser("ada", Map.of("type", "notice.message", "text", "open")));
        assertThat(ada.receiveJsonFrom(WAIT)).isEqualTo(Map.of("notice", "open"));
    }
}
