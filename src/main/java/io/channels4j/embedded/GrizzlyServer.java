package io.channels4j.embedded;

import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.EndpointLimits;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * The Grizzly side of an {@link EmbeddedServer}: one HTTP listener on the given host and port,
 * Tyrus's WebSocket add-on on it with the {@link FrameGuard} in front of it, then {@link PathGuard}, and the HTTP handlers (static files,
 * the server's own pages) beside it on the same port.
 */
final class GrizzlyServer {

    private static final System.Logger LOG = System.getLogger(GrizzlyServer.class.getName());

    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;

    /**
     * @param endpoints how the worker threads' Tyrus creates endpoint instances
     */
    GrizzlyServer(String host, int port, ServerContainer container, String contextPath, EndpointFactory endpoints,
                  EndpointLimits limits, ConsumerRuntime runtime) {
        listener = new NetworkListener("channels4j", host, port);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        // A fixed pool: Grizzly's default grows without bound (a new thread whenever none is idle),
        // which a burst of handshakes turns into hundreds of threads. Its threads only parse
        // frames and hand them to consumers' inboxes; consumers never run on them.
        int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy()
                .setPoolName("channels4j-http").setCorePoolSize(workers).setMaxPoolSize(workers)
                .setThreadFactory(ServerThread.factory("channels4j-http", endpoints)));
        listener.registerAddOn(webSocketAddOn(container, contextPath));
        listener.registerAddOn(FrameGuard.addOn(limits, runtime));
        listener.registerAddOn(PathGuard.addOn());
        http.addListener(listener);
    }

    /** Serves {@code source} (a file-system {@code java.nio.file.Path}, or a class-path folder name) below {@code urlPath}. */
    void mount(String urlPath, Object source) {
        String prefix = urlPath.endsWith("/") ? urlPath.substring(0, urlPath.length() - 1) : urlPath;
        http.getServerConfiguration().addHttpHandler(StaticFiles.of(source, EmbeddedServer.class.getClassLoader()),
                HttpHandlerRegistration.builder().contextPath(prefix).urlPattern("/*").build());
    }

    /** Answers every request no mount takes. */
    void fallback(HttpHandler handler) {
        http.getServerConfiguration().addHttpHandler(handler, "/");
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port
     */
    int start() throws IOException {
        http.start();
        return listener.getPort();
    }

    /**
     * Stops at once and frees the port. Grizzly closes the listening socket on its selector
     * thread, after {@code shutdownNow} returns; waiting (at most 5 s) for its kernel threads to end
     * means a server started right after this one can bind the same port.
     */
    void stop() {
        ExecutorService kernel = listener.getTransport().getKernelThreadPool();
        http.shutdownNow();
        if (kernel == null) {
            return;
        }
        try {
            if (!kernel.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Grizzly's selector threads did not end within 5 s;"
                        + " port " + listener.getPort() + " may stay bound a little longer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tyrus's Grizzly add-on, whose constructor is not public. */
    private static AddOn webSocketAddOn(ServerContainer container, String contextPath) {
        try {
            Class<?> addOn = Class.forName("org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn");
            var constructor = addOn.getDeclaredConstructor(ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return (AddOn) constructor.newInstance(container, contextPath);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Tyrus version's Grizzly add-on cannot be created; channels4j's"
                    + " embedded server needs tyrus-container-grizzly-server 2.1.x", e);
        }
    }
}
