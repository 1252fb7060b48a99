package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.support.RecordingLogHandler;
import io.channels4j.testing.EmbeddedServerExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded server's JSON routes over real HTTP: the template's segments reach the route, its
 * value is written as JSON when its stage completes, {@code null} is a 404, and a failure is
 * logged and answered with a fixed 500 that never carries the failure's message.
 */
class JsonRoutesIT {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.with(b -> b
            .json("/rooms/{room}/info", (segments, layer) -> CompletableFuture.supplyAsync(() ->
                    segments.get("room").equals("none") ? null
                            : Map.of("room", segments.get("room"), "groups", layer.stats().groups(), "tags", List.of("a"))))
            .json("/broken", (segments, layer) -> CompletableFuture.failedFuture(new IllegalStateException("secret detail")))
            .json("/throws", (segments, layer) -> {
                throw new IllegalStateException("secret detail");
            }));

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(SERVER.http(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRouteGetsItsSegmentsDecodedAndItsValueIsWrittenAsJson() throws Exception {
        HttpResponse<String> answer = get("rooms/%EC%84%9C%EC%9A%B8/info");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(answer.body()).contains("\"room\":\"서울\"", "\"groups\":0", "\"tags\":[\"a\"]");
    }

    @Test
    void nullIsA404AndAFailureAFixed500() throws Exception {
        assertThat(get("rooms/none/info").statusCode()).isEqualTo(404);
        try (RecordingLogHandler log = RecordingLogHandler.attach()) {
            for (String path : new String[] {"broken", "throws"}) {
                HttpResponse<String> answer = get(path);
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body()).isEqualTo("{\"error\": \"internal error\"}").doesNotContain("secret");
            }
            assertThat(log.records().stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
                    .map(java.util.logging.LogRecord::getMessage).toList()).hasSize(2).allMatch(m -> m.contains("failed"));
        }
        assertThat(get("rooms/x/other").statusCode()).as("no route, no page").isEqualTo(404);
    }
}
