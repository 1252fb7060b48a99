package io.channels4j.embedded;

import io.channels4j.internal.Json;
import io.channels4j.layer.ChannelLayer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.glassfish.grizzly.http.server.Response;

/**
 * The embedded server's JSON routes ({@link EmbeddedServer.Builder#json}): a path template whose
 * {@code {name}} segments are handed to the route, and the JSON of what its stage gives, written
 * when it completes without holding a Grizzly thread. A {@code null} result is a 404; a failure is
 * logged and answered with a fixed 500.
 */
final class JsonAnswers {

    private static final System.Logger LOG = System.getLogger("io.channels4j.embedded");

    /** One route: its path template and what answers it. */
    record Route(PathTemplate path, JsonRoute answer) {
        static Route of(String template, JsonRoute answer) {
            return new Route(PathTemplate.of(template), answer);
        }
    }

    private final List<Route> routes;
    private final ChannelLayer layer;

    JsonAnswers(List<Route> routes, ChannelLayer layer) {
        this.routes = List.copyOf(routes);
        this.layer = layer;
    }

    /** Answers {@code path} when a route matches it; false when none does. */
    boolean serve(String path, Response response) {
        for (Route route : routes) {
            Optional<Map<String, String>> segments = route.path().match(path);
            if (segments.isPresent()) {
                answer(route, segments.get(), response);
                return true;
            }
        }
        return false;
    }

    private void answer(Route route, Map<String, String> segments, Response response) {
        CompletionStage<?> stage;
        try {
            stage = route.answer().answer(segments, layer);
        } catch (RuntimeException failure) {
            fail(route, failure, response);
            return;
        }
        response.suspend();
        stage.whenComplete((value, failure) -> {
            try {
                if (failure != null) {
                    fail(route, failure, response);
                } else if (value == null) {
                    write(response, 404, "{\"error\": \"not found\"}");
                } else {
                    write(response, 200, Json.encode(Json.shared(), value));
                }
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.WARNING, "could not answer " + route.path().template(), e);
            } finally {
                response.resume();
            }
        });
    }

    private static void fail(Route route, Throwable failure, Response response) {
        LOG.log(Level.WARNING, "the JSON route " + route.path().template() + " failed", failure);
        try {
            write(response, 500, "{\"error\": \"internal error\"}");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not send the 500", e);
        }
    }

    private static void write(Response response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
