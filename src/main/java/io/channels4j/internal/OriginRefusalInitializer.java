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
 * Sets up the origin checks of each web application that holds the channels4j jar (found through
 * {@code META-INF/services}), when it starts: checks the allowed origins of its
 * {@code @ServerEndpoint} classes ({@link OriginChecks}; a malformed entry fails the deployment
 * with a message naming it), registers {@link OwnOriginListener}, which tells
 * {@code checkOrigin} the request's own origin, and maps {@link OriginRefusalFilter} to every
 * request. The filter works before or after the container's own WebSocket filter.
 */
@HandlesTypes(ServerEndpoint.class)
public class OriginRefusalInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> endpointClasses, ServletContext context) {
        OriginChecks.requireValid(endpointClasses == null ? Set.of() : endpointClasses);
        context.addListener(OwnOriginListener.class);
        FilterRegistration.Dynamic filter = context.addFilter("channels4j-origin-refusal", OriginRefusalFilter.class);
        if (filter != null) {
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
    }
}
