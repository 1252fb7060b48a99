package io.channels4j.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.server.ServerEndpoint;
import java.util.EnumSet;
import java.util.Set;

/**
 * Puts the {@link ServletFrameGuard} in front of a web application's WebSocket handshakes when the
 * container's WebSocket implementation is Tyrus (Payara), where a frame past Tyrus's incoming
 * buffer would otherwise close with 1011 before channels4j sees it. Elsewhere (WildFly) it does
 * nothing: the consumers hold the limit themselves there, as messages arrive in parts.
 * Found through {@code META-INF/services}; a bad {@code channels4j.max-message-bytes} fails the
 * deployment with a message naming it.
 */
@HandlesTypes(ServerEndpoint.class)
public class FrameGuardInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> endpointClasses, ServletContext context) {
        EndpointLimits limits = EndpointLimits.fromSettings(endpointClasses == null ? Set.of() : endpointClasses,
                context.getContextPath());
        if (!tyrusServlet(context.getClassLoader())) {
            return;
        }
        FilterRegistration.Dynamic filter = context.addFilter("channels4j-frame-guard", new ServletFrameGuard(limits));
        if (filter != null) {
            filter.setAsyncSupported(true);
            // before the filters declared in web.xml, and so before Tyrus's own (mapped after them)
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }

    private static boolean tyrusServlet(ClassLoader loader) {
        try {
            Class.forName(ServletFrameGuard.TYRUS_HANDLER, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
