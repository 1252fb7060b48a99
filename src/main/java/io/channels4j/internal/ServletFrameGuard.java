package io.channels4j.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;

/**
 * On a servlet container whose WebSocket implementation is Tyrus (Payara), refuses a message
 * larger than its endpoint's limit as it arrives, like the embedded server's frame guard: Tyrus
 * reads each frame whole into its incoming buffer and closes a frame larger than that buffer with
 * 1011 before any application code runs. This filter runs before Tyrus's and hands it a request
 * whose {@code upgrade} makes a {@link GuardedTyrusUpgradeHandler}, which reads the connection
 * through a {@link FrameSizeScanner}. Other requests pass untouched.
 */
public final class ServletFrameGuard implements Filter {

    /** Tyrus's upgrade handler, whose presence says the container is Tyrus's servlet integration. */
    static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";

    private final EndpointLimits limits;

    ServletFrameGuard(EndpointLimits limits) {
        this.limits = limits;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            MessageLimit limit = limits.forPath(http.getRequestURI());
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public <T extends HttpUpgradeHandler> T upgrade(Class<T> type) throws IOException, ServletException {
                    if (!type.getName().equals(TYRUS_HANDLER)) {
                        return super.upgrade(type);
                    }
                    GuardedTyrusUpgradeHandler guarded = super.upgrade(GuardedTyrusUpgradeHandler.class);
                    guarded.limit(limit);
                    return type.cast(guarded);
                }
            }, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
