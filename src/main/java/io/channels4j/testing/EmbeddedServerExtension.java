package io.channels4j.testing;

import io.channels4j.embedded.EmbeddedServer;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs an {@link EmbeddedServer} on a free port of 127.0.0.1 for one
 * test class: started before the first test, stopped (connections closed with 1001, port freed)
 * after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmbeddedServerExtension server = EmbeddedServerExtension.with(b -> b.endpoint(ChatConsumer.class));
 *
 * @Test
 * void echoes() {
 *     URI uri = server.ws("ws/chat/lobby/");   // ws://127.0.0.1:<port>/ws/chat/lobby/
 * }
 * }</pre>
 */
public final class EmbeddedServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Consumer<EmbeddedServer.Builder> configuration;
    private EmbeddedServer server;

    private EmbeddedServerExtension(Consumer<EmbeddedServer.Builder> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /** An extension whose server is configured by {@code configuration} (the port is always 0). */
    public static EmbeddedServerExtension with(Consumer<EmbeddedServer.Builder> configuration) {
        return new EmbeddedServerExtension(configuration);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedServer.Builder builder = EmbeddedServer.builder();
        configuration.accept(builder);
        server = builder.port(0).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The running server. */
    public EmbeddedServer server() {
        if (server == null) {
            throw new IllegalStateException("the server runs only while the test class runs");
        }
        return server;
    }

    /** {@code ws://127.0.0.1:<port>/} resolved against {@code path}, e.g. {@code "ws/chat/lobby/"}. */
    public URI ws(String path) {
        return server().wsUri().resolve(path);
    }

    /** {@code http://127.0.0.1:<port>/} resolved against {@code path}. */
    public URI http(String path) {
        return server().httpUri().resolve(path);
    }
}
