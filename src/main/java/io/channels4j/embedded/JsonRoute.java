package io.channels4j.embedded;

import io.channels4j.layer.ChannelLayer;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** What a JSON route of the embedded server ({@link EmbeddedServer.Builder#json}) answers: its value is written as JSON. */
@FunctionalInterface
public interface JsonRoute {

    /**
     * The answer to one request.
     *
     * @param segments the values of the template's {@code {name}} segments, decoded
     * @param layer the server's channel layer
     * @return a stage giving a JSON-like value (maps, lists, strings, numbers, booleans), or {@code null} for a 404
     */
    CompletionStage<?> answer(Map<String, String> segments, ChannelLayer layer);
}
