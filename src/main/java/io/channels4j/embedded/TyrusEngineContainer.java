package io.channels4j.embedded;

import io.channels4j.internal.OwnOrigin;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;

/** The Tyrus server container of an {@link EmbeddedServer}: holds the engine the Grizzly add-on feeds. */
final class TyrusEngineContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;
    private final String contextPath;

    /** A frame header's largest size: what Tyrus's buffer holds beyond a payload. */
    private static final int MAX_FRAME_HEADER = 14;

    /**
     * @param largestMessage the largest message limit of any endpoint: the {@link FrameGuard}
     *     refuses larger frames before Tyrus buffers them, so its incoming buffer needs no more
     */
    TyrusEngineContainer(Set<Class<?>> endpoints, String contextPath, int largestMessage) {
        super(Set.copyOf(endpoints));
        this.contextPath = contextPath;
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize((int) Math.min(Integer.MAX_VALUE, (long) largestMessage + MAX_FRAME_HEADER))
                .build();
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

    /**
     * The engine, behind a wrapper that tells {@code checkOrigin} the request's own origin (the
     * connection's scheme and the {@code Host} header: {@link OwnOrigin}, on this same thread) and
     * ends refused handshakes: Tyrus answers them (e.g. 403 from {@code checkOrigin}) without a
     * length and keeps the connection open, so a client waiting for the end of the response would
     * hang; the wrapper adds {@code Content-Length: 0} and {@code Connection: close}.
     */
    @Override
    public WebSocketEngine getWebSocketEngine() {
        return endingRefusals;
    }

    private final WebSocketEngine endingRefusals = new WebSocketEngine() {
        @Override
        public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
            UpgradeInfo info;
            OwnOrigin.set(request.isSecure() ? "https" : "http", request.getHeader("Host"));
            try {
                info = engine.upgrade(request, response);
            } finally {
                OwnOrigin.clear();
            }
            if (info.getStatus() == UpgradeStatus.HANDSHAKE_FAILED) {
                response.getHeaders().put("Content-Length", List.of("0"));
                response.getHeaders().put("Connection", List.of("close"));
            }
            return info;
        }

        @Override
        public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
            engine.register(endpointClass, contextPath);
        }

        @Override
        public void register(ServerEndpointConfig config, String contextPath) throws DeploymentException {
            engine.register(config, contextPath);
        }
    };
}
