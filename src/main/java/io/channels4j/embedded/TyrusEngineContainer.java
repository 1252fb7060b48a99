package io.channels4j.embedded;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/** The Tyrus server container of an {@link EmbeddedServer}: holds the engine the Grizzly add-on feeds. */
final class TyrusEngineContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;
    private final String contextPath;

    TyrusEngineContainer(Set<Class<?>> endpoints, String contextPath) {
        super(Set.copyOf(endpoints));
        this.contextPath = contextPath;
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
