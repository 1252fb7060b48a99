package io.channels4j.testing;

import jakarta.websocket.server.ServerEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/** Matches a request path against a consumer's {@code @ServerEndpoint} template to find its route variables. */
final class RouteTemplate {

    private RouteTemplate() {
    }

    /**
     * The route variables of {@code path} under the template of {@code consumerClass}.
     *
     * @throws IllegalArgumentException when the path does not match the template
     */
    static Map<String, String> kwargs(Class<?> consumerClass, String path) {
        ServerEndpoint endpoint = consumerClass.getAnnotation(ServerEndpoint.class);
        Map<String, String> kwargs = new LinkedHashMap<>();
        if (endpoint == null) {
            return kwargs;
        }
        String[] template = endpoint.value().split("/", -1);
        String[] actual = path.split("/", -1);
        if (template.length != actual.length) {
            throw mismatch(endpoint.value(), path);
        }
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                kwargs.put(t.substring(1, t.length() - 1), actual[i]);
            } else if (!t.equals(actual[i])) {
                throw mismatch(endpoint.value(), path);
            }
        }
        return kwargs;
    }

    private static IllegalArgumentException mismatch(String template, String path) {
        return new IllegalArgumentException("path '" + path + "' does not match the consumer's @ServerEndpoint('"
                + template + "')");
    }
}
