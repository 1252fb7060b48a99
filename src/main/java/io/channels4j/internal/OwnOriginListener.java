package io.channels4j.internal;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Notes each WebSocket handshake's own origin ({@link OwnOrigin}) when a servlet container starts
 * the request, before any filter runs: the container's WebSocket filter (Tyrus in Payara, Undertow
 * in WildFly) then calls {@code checkOrigin} on the same thread. Registered by
 * {@link OriginRefusalInitializer}.
 */
public class OwnOriginListener implements ServletRequestListener {

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            OwnOrigin.set(request.getScheme(), request.getHeader("Host"));
        } else {
            OwnOrigin.clear();
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        OwnOrigin.clear();
    }
}
