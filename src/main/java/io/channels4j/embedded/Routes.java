package io.channels4j.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The embedded server's own HTTP answers: JSON routes, pages mapped from path templates to class-path
 * resources (e.g. {@code /chat/{room}/} to {@code web/chat/room.html}), redirects, and the JSON
 * stats. Anything else is a 404.
 */
final class Routes extends HttpHandler {

    /** A path template, served by one class-path resource. */
    record Page(PathTemplate path, String resource) {
        static Page of(String template, String resource) {
            return new Page(PathTemplate.of(template), resource);
        }
    }

    private final JsonAnswers json;
    private final List<Page> pages;
    private final Map<String, String> redirects;
    private final String statsPath;
    private final Supplier<String> stats;
    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    Routes(JsonAnswers json, List<Page> pages, Map<String, String> redirects, String statsPath, Supplier<String> stats,
           ClassLoader loader) {
        this.json = json;
        this.pages = List.copyOf(pages);
        this.redirects = Map.copyOf(redirects);
        this.statsPath = statsPath;
        this.stats = stats;
        this.loader = loader;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        String path = request.getDecodedRequestURI();
        if (statsPath != null && statsPath.equals(path)) {
            write(response, 200, "application/json", stats.get().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (json.serve(path, response)) {
            return;
        }
        String target = redirects.get(path);
        if (target != null) {
            response.sendRedirect(target);
            return;
        }
        for (Page page : pages) {
            if (page.path().pattern().matcher(path).matches()) {
                write(response, 200, contentType(page.resource()), load(page.resource()));
                return;
            }
        }
        write(response, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] load(String resource) {
        return cache.computeIfAbsent(resource, r -> {
            try (InputStream in = loader.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("page resource '" + r + "' is not on the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void write(Response response, int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(type.startsWith("text/") || type.endsWith("json") ? type + "; charset=utf-8" : type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String contentType(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript";
        }
        if (resource.endsWith(".css")) {
            return "text/css";
        }
        if (resource.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }
}
