package io.channels4j.embedded;

import io.channels4j.internal.Json;
import io.channels4j.layer.ChannelLayer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The embedded server's JSON routes ({@link EmbeddedServer.Builder#json}): a path template whose
 * {@code {name}} segments are handed to the route, and the JSON of what its stage gives, written
 * when it completes without holding a Grizzly thread. A {@code null} result is a 404; a failure is
 * logged and answered with a fixed 500.
 */
final class JsonAnswers {

    private static final System.Logger LOG = System.getLogger("io.channels4j.embedded");

    /** One route: its template as a pattern, the names of its segments in order. */
    record Route(String template, Pattern pattern, List<String> names, EmbeddedServer.JsonRoute answer) {
        static Route of(String template, EmbeddedServer.JsonRoute answer) {
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (String part : template.split("(?=\\{)|(?<=})")) {
                if (part.startsWith("{") && part.endsWith("}")) {
                    names.add(part.substring(1, part.length() - 1));
                    regex.append("([^/]+)");
                } else {
                    regex.append(Pattern.quote(part));
                }
            }
            return new Route(template, Pattern.compile(regex.toString()), List.copyOf(names), answer);
        }
    }

    private final List<Route> routes;
    private final ChannelLayer layer;

    JsonAnswers(List<Route> routes, ChannelLayer layer) {
        this.routes = List.copyOf(routes);
        this.layer = layer;
    }

    /** Answers {@code path} when a route matches it; false when none does. */
    boolean serve(String path, Request request, Response response) {
        for (Route route : routes) {
            Matcher matched = route.pattern().matcher(path);
            if (matched.matches()) {
                Map<String, String> segments = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    segments.put(route.names().get(i), matched.group(i + 1));
                }
                answer(route, segments, response);
                return true;
            }
        }
        return false;
    }

    private void answer(Route route, Map<String, String> segments, Response response) {
        CompletionStage<?> stage;
        try {
            stage = route.answer().answer(Map.copyOf(segments), layer);
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
                LOG.log(Level.WARNING, "could not answer " + route.template(), e);
            } finally {
                response.resume();
            }
        });
    }

    private static void fail(Route route, Throwable failure, Response response) {
        LOG.log(Level.WARNING, "the JSON route " + route.template() + " failed", failure);
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
