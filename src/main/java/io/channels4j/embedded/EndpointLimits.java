package io.channels4j.embedded;

import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.MessageLimit;
import jakarta.websocket.server.ServerEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The message limit of each of the embedded server's endpoints, found by the request path of a
 * handshake: a path template's {@code {name}} segment matches any one segment. Where several
 * templates match, the largest of their limits applies (the consumer's own check then holds the
 * stricter one); where none does, the runtime's default (the handshake fails anyway).
 */
final class EndpointLimits {

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

    EndpointLimits(Set<Class<?>> endpoints, String contextPath, ConsumerRuntime runtime) {
        fallback = runtime.messageLimitOf(Object.class);
        MessageLimit max = fallback;
        String prefix = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1) : contextPath;
        for (Class<?> endpoint : endpoints) {
            ServerEndpoint annotation = endpoint.getAnnotation(ServerEndpoint.class);
            if (annotation == null) {
                continue;
            }
            MessageLimit limit = runtime.messageLimitOf(endpoint);
            templates.add(new Template(segments(prefix + annotation.value()), limit));
            if (limit.bytes() > max.bytes()) {
                max = limit;
            }
        }
        largest = max;
    }

    /** The limit for a handshake to {@code requestPath} (as sent, without the query). */
    MessageLimit forPath(String requestPath) {
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
    int largest() {
        return largest.bytes();
    }

    private static String[] segments(String path) {
        return path.split("/", -1);
    }
}
