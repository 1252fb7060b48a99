package io.channels4j.internal;

import jakarta.websocket.server.ServerEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The message limit of each endpoint of a server or application, found by the request path of a
 * handshake: a path template's {@code {name}} segment matches any one segment. Where several
 * templates match, the largest of their limits applies (the consumer's own check then holds the
 * stricter one); where none does, the runtime's default (the handshake fails anyway).
 */
public final class EndpointLimits {

    private record Template(String[] segments, MessageLimit limit) {
        boolean matches(String[] path) {
            if (path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < path.length; i++) {
                String s = segments[i];
                if (!(s.startsWith("{") && s.endsWith("}")) && !s.equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Template> templates = new ArrayList<>();
    private final MessageLimit fallback;
    private final MessageLimit largest;

    /**
     * The limits of {@code endpoints} (classes with {@code @ServerEndpoint}; others are passed over)
     * below {@code contextPath}: each class's {@code @MaxMessageBytes}, else {@code fallback}.
     */
    public EndpointLimits(Set<Class<?>> endpoints, String contextPath, MessageLimit fallback) {
        this.fallback = fallback;
        MessageLimit max = fallback;
        String prefix = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1) : contextPath;
        for (Class<?> endpoint : endpoints) {
            ServerEndpoint annotation = endpoint.getAnnotation(ServerEndpoint.class);
            if (annotation == null) {
                continue;
            }
            MessageLimit limit = fallback.forClass(endpoint);
            templates.add(new Template(segments(prefix + annotation.value()), limit));
            if (limit.bytes() > max.bytes()) {
                max = limit;
            }
        }
        largest = max;
    }

    /** The limits of {@code endpoints} with the {@value MessageLimit#SETTING} setting as the fallback. */
    public static EndpointLimits fromSettings(Set<Class<?>> endpoints, String contextPath) {
        return new EndpointLimits(endpoints, contextPath, MessageLimit.fromSettings());
    }

    /** The limit for a handshake to {@code requestPath} (as sent, without the query). */
    public MessageLimit forPath(String requestPath) {
        String[] path = segments(requestPath);
        MessageLimit found = null;
        for (Template t : templates) {
            if (t.matches(path) && (found == null || t.limit().bytes() > found.bytes())) {
                found = t.limit();
            }
        }
        return found != null ? found : fallback;
    }

    /** The largest limit of any endpoint: what Tyrus's incoming buffer must hold. */
    public int largest() {
        return largest.bytes();
    }

    private static String[] segments(String path) {
        return path.split("/", -1);
    }
}
