package io.channels4j.examples.chat;

import io.channels4j.AsyncJsonWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The chat bot of the seed's second caution. Its model is slow to build, so the first answer of
 * the server's life is slow and every later one fast. The model is built and queried through
 * {@link #runBlocking}: while it loads, this connection waits but no other connection does.
 * Each answer carries its latency, which is also logged.
 */
@ServerEndpoint(value = "/ws/bot/", configurator = ConsumerConfigurator.class)
public class BotConsumer extends AsyncJsonWebsocketConsumer {

    private static final System.Logger LOG = System.getLogger(BotConsumer.class.getName());

    @Inject
    BotModel model;

    @Override
    protected CompletionStage<Void> receiveJson(Object content) {
        ChatProtocol.Parsed parsed = ChatProtocol.parse(content);
        if (parsed.error() != null) {
            return sendJson(parsed.errorFrame());
        }
        long start = System.nanoTime();
        boolean cold = !model.isLoaded();
        return runBlocking(() -> model.answer(parsed.message())).thenCompose(answer -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.log(System.Logger.Level.INFO, (cold ? "first answer (model built in " + model.loadMillis() + " ms)"
                    : "later answer") + " after " + millis + " ms");
            return sendJson(Map.of("message", answer, "latencyMs", millis, "coldStart", cold));
        });
    }
}
