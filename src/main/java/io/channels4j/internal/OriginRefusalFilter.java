package io.channels4j.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Makes a WebSocket handshake whose origin the endpoint's configurator refused end with HTTP 403
 * in every servlet container. Tyrus (Payara) answers 403 itself. Undertow (WildFly) lets such a
 * handshake fall through to the servlets, whose 404 this filter turns into 403 when
 * {@link OriginRefusals} shows the refusal. Only handshake requests ({@code Upgrade: websocket})
 * are looked at; {@link OriginRefusalInitializer} maps the filter.
 */
public class OriginRefusalFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        OriginRefusals.take();
        try {
            chain.doFilter(request, new RefusalAware(response));
        } finally {
            OriginRefusals.take();
        }
    }

    /** Answers 403 instead of a "not found" that follows a refused origin on this thread. */
    private static final class RefusalAware extends HttpServletResponseWrapper {
        RefusalAware(HttpServletResponse response) {
            super(response);
        }

        private int status(int sc) {
            return sc == SC_NOT_FOUND && OriginRefusals.take() != null ? SC_FORBIDDEN : sc;
        }

        @Override
        public void sendError(int sc) throws IOException {
            int status = status(sc);
            if (status == SC_FORBIDDEN && sc != SC_FORBIDDEN) {
                super.sendError(status, "origin not allowed");
            } else {
                super.sendError(status);
            }
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            int status = status(sc);
            super.sendError(status, status != sc ? "origin not allowed" : msg);
        }

        @Override
        public void setStatus(int sc) {
            super.setStatus(status(sc));
        }
    }
}
