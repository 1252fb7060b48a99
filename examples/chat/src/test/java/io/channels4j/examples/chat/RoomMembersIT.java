package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.EmbeddedServerExtension;
import io.channels4j.testing.WebsocketClient;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who is in a room, on the embedded chat: room sockets named by {@code ?name=} (none: anonymous),
 * {@code GET /chat/<room>/members}, the members socket's live view, and the room socket's
 * protocol left exactly as the tutorial's (no presence frame on it).
 */
class RoomMembersIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(ChatServer::configure);

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Client named(String room, String name) {
        String query = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return Client.joined(SERVER.ws("ws/chat/" + room + "/" + query));
    }

    static HttpResponse<String> members(URI http, String room) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(http.resolve("chat/" + room + "/members")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> view(String json) {
        return JSON.fromJson(json, Map.class);
    }

    /** The members view's name -> connections, and its count, as one comparable string. */
    static String summary(Map<String, Object> view) {
        StringBuilder s = new StringBuilder("count=" + ((Number) view.get("count")).intValue());
        for (Object m : (List<?>) view.get("members")) {
            Map<?, ?> member = (Map<?, ?>) m;
            s.append(' ').append(member.get("name")).append('=').append(((Number) member.get("connections")).intValue());
        }
        return s.toString();
    }

    @Test
    void membersCountsEachNameAndTheAnonymousAndFollowsALeave() throws Exception {
        try (Client ada1 = named("members-a", "Ada"); Client ada2 = named("members-a", "Ada");
             Client bob = named("members-a", "Bob"); Client nobody = named("members-a", null)) {
            HttpResponse<String> answer = members(SERVER.server().httpUri(), "members-a");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            Map<String, Object> view = view(answer.body());
            assertThat(view.get("room")).isEqualTo("members-a");
            assertThat(summary(view)).isEqualTo("count=4 Ada=2 Bob=1 anonymous=1");

            bob.close();

            Awaitility.await().atMost(WAIT).until(() -> summary(view(members(SERVER.server().httpUri(), "members-a").body()))
                    .equals("count=3 Ada=2 anonymous=1"));
        }
    }

    @Test
    void theMembersSocketSendsTheViewAtOnceAndAfterEveryChange() {
        try (WebsocketClient widget = WebsocketClient.connect(SERVER.ws("ws/members/members-b/"))) {
            assertThat(summary(view(widget.receiveText(WAIT)))).isEqualTo("count=0");
            try (Client ada = named("members-b", "Ada")) {
                Map<String, Object> joined = view(widget.receiveText(WAIT));
                assertThat(summary(joined)).isEqualTo("count=1 Ada=1");
                assertThat(String.valueOf(joined.get("joins"))).isEqualTo("{Ada=1}");
            }
            Map<String, Object> left = view(widget.receiveText(WAIT));
            assertThat(summary(left)).isEqualTo("count=0");
            assertThat(String.valueOf(left.get("leaves"))).isEqualTo("{Ada=1}");
            widget.send("{\"message\": \"hi\"}");
            assertThat(widget.receiveText(WAIT)).contains("error");
        }
    }

    @Test
    void theRoomSocketOfANamedClientSpeaksOnlyTheTutorialProtocol() {
        try (Client ada = named("members-c", "Ada"); Client bob = named("members-c", "Bob 밥")) {
            ada.send("{\"message\": \"hello\"}");
            assertThat(bob.nextMessage()).isEqualTo("{\"message\":\"hello\"}");
            assertThat(ada.nextMessage()).isEqualTo("{\"message\":\"hello\"}");
            assertThat(ada.noMessageWithin(Duration.ofMillis(300))).as("no presence frame on the room socket").isTrue();
        }
    }

    @Test
    void aNameTooLongOrWithControlCharactersIsCleanedAndCutAndTheSocketStaysAsTheTutorialHasIt() throws Exception {
        try (Client longName = named("members-d", "x".repeat(41));
             Client controls = named("members-d", " a\u0007b\u200B ");
             Client onlyControls = named("members-d", "\u0007\u0008")) {
            longName.send("{\"message\": \"still a room\"}");
            assertThat(longName.nextMessage()).isEqualTo("{\"message\":\"still a room\"}");
            assertThat(summary(view(members(SERVER.server().httpUri(), "members-d").body())))
                    .isEqualTo("count=3 ab=1 anonymous=1 " + "x".repeat(40) + "=1");
        }
    }

    @Test
    void aRoomNameThatCannotBeARoomIsA404() throws Exception {
        assertThat(members(SERVER.server().httpUri(), "%20").statusCode()).isEqualTo(404);
    }
}
