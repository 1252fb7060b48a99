package io.channels4j.embedded;

import io.channels4j.CloseCodes;
import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.Runtimes;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.StaticHttpHandler;

/**
 * A WebSocket server for development and tests: Tyrus on Grizzly, bound to the address you give
 * (default 127.0.0.1), serving consumers and static files on the same port.
 *
 * <pre>{@code
 * try (EmbeddedServer server = EmbeddedServer.builder()
 *         .port(8080)
 *         .endpoint(ChatConsumer.class)
 *         .staticResources("/static", "static")
 *         .build()
 *         .start()) {
 *     System.out.println("open " + server.httpUri().resolve("static/index.html"));
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>Consumers share the server's channel layer (a new {@link InMemoryChannelLayer} unless you
 * pass one). {@link #stop()} closes every open connection with 1001 (going away), waits for their
 * {@code disconnect} steps, then frees the port.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.channels4j.embedded");

    private final Builder settings;
    private ChannelLayer layer;
    private ConsumerRuntime runtime;
    private EmbeddedCdi cdi;
    private EndpointFactory endpoints;
    private TyrusEngineContainer container;
    private HttpServer http;
    private int boundPort = -1;
    private io.channels4j.ConsumerStats stoppedStats;

    private EmbeddedServer(Builder b) {
        this.settings = b;
    }

    /** A builder with host 127.0.0.1, port 0 (any free port) and context path "/". */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and deploys the endpoints.
     *
     * @return this server, started
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when an endpoint cannot be deployed, with the container's reason
     */
    public synchronized EmbeddedServer start() {
        if (http != null) {
            throw new IllegalStateException("the server is already started");
        }
        stoppedStats = null;
        for (Class<?> endpoint : settings.endpoints) {
            LifecycleAnnotations.check(endpoint);
        }
        if (settings.useCdi()) {
            cdi = new EmbeddedCdi(settings.layer);
            layer = cdi.channelLayer();
            endpoints = EndpointFactories.cdi(cdi);
        } else {
            layer = settings.layer != null ? settings.layer : new InMemoryChannelLayer();
            endpoints = EndpointFactories.reflective();
        }
        EndpointFactories.add(endpoints);
        runtime = ConsumerRuntime.of(layer);
        container = new TyrusEngineContainer(settings.endpoints, settings.contextPath);
        Runtimes.register(container, runtime);
        http = new HttpServer();
        NetworkListener listener = new NetworkListener("channels4j", settings.host, settings.port);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.getTransport().setIOStrategy(org.glassfish.grizzly.strategies.WorkerThreadIOStrategy.getInstance());
        // A fixed pool: Grizzly's default grows without bound (a new thread whenever none is idle),
        // which a burst of handshakes turns into hundreds of threads. Its threads only parse
        // frames and hand them to consumers' inboxes; consumers never run on them.
        int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        listener.getTransport().setWorkerThreadPoolConfig(org.glassfish.grizzly.threadpool.ThreadPoolConfig
                .defaultConfig().copy().setPoolName("channels4j-http").setCorePoolSize(workers)
                .setMaxPoolSize(workers).setThreadFactory(ServerThread.factory("channels4j-http", endpoints)));
        listener.registerAddOn(webSocketAddOn(container, settings.contextPath));
        http.addListener(listener);
        for (StaticMount mount : settings.mounts) {
            String prefix = mount.urlPath().endsWith("/") ? mount.urlPath().substring(0, mount.urlPath().length() - 1)
                    : mount.urlPath();
            http.getServerConfiguration().addHttpHandler(mount.handler(),
                    org.glassfish.grizzly.http.server.HttpHandlerRegistration.builder().contextPath(prefix)
                            .urlPattern("/*").build());
        }
        if (!settings.pages.isEmpty() || !settings.redirects.isEmpty() || settings.statsPath != null) {
            ConsumerRuntime r = runtime;
            http.getServerConfiguration().addHttpHandler(new Routes(settings.pages, settings.redirects,
                    settings.statsPath, () -> r.stats().toJson(), EmbeddedServer.class.getClassLoader()), "/");
        }
        try {
            http.start();
            boundPort = listener.getPort();
            container.start(settings.contextPath, boundPort);
        } catch (IOException e) {
            cleanUp();
            throw new UncheckedIOException("cannot bind " + settings.host + ":" + settings.port + ": " + e.getMessage(), e);
        } catch (DeploymentException e) {
            cleanUp();
            throw new IllegalStateException("cannot deploy the endpoints: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "channels4j embedded server listening on " + httpUri());
        return this;
    }

    /**
     * Closes every connection with 1001, waits (up to 5 s) for their {@code disconnect} steps,
     * and frees the port. Stopping a stopped server does nothing.
     */
    public synchronized void stop() {
        if (http == null) {
            return;
        }
        if (!runtime.closeAll(CloseCodes.GOING_AWAY, "server stopping", Duration.ofSeconds(5))) {
            LOG.log(System.Logger.Level.WARNING, "some connections did not finish disconnecting within 5 s");
        }
        stoppedStats = runtime.stats();
        cleanUp();
    }

    /** The same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The bound port (useful with port 0), or -1 before {@link #start()}. */
    public synchronized int port() {
        return boundPort;
    }

    /** {@code http://host:port/contextPath/}. */
    public URI httpUri() {
        return URI.create("http://" + settings.host + ":" + port() + withSlash(settings.contextPath));
    }

    /** {@code ws://host:port/contextPath/}. */
    public URI wsUri() {
        return URI.create("ws://" + settings.host + ":" + port() + withSlash(settings.contextPath));
    }

    /** The channel layer the consumers use (with CDI, the application-scoped bean); null before start. */
    public synchronized ChannelLayer channelLayer() {
        return layer;
    }

    /** Connections open now. */
    public synchronized long openConnections() {
        return runtime == null ? 0 : runtime.metrics().connections();
    }

    /**
     * What the consumers and the layer are doing now (also served as JSON at
     * {@link Builder#statsPath(String)}); after {@link #stop()}, what they held when it finished.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized io.channels4j.ConsumerStats stats() {
        if (http == null && stoppedStats != null) {
            return stoppedStats;
        }
        if (runtime == null) {
            throw new IllegalStateException("the server is not started");
        }
        return runtime.stats();
    }

    /**
     * The CDI bean of {@code type} (with CDI), for tests and for wiring code outside consumers.
     *
     * @throws IllegalStateException when the server runs without CDI or is not started
     */
    public synchronized <T> T bean(Class<T> type) {
        if (cdi == null) {
            throw new IllegalStateException("this embedded server runs without CDI (started? Weld on the class path?)");
        }
        return cdi.bean(type);
    }

    private void cleanUp() {
        if (container != null) {
            Runtimes.unregister(container);
            try {
                container.stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "stopping the WebSocket container failed", e);
            }
        }
        if (http != null) {
            http.shutdownNow();
        }
        if (endpoints != null) {
            EndpointFactories.remove(endpoints);
        }
        if (cdi != null) {
            cdi.close();
        } else if (settings.layer == null && layer != null) {
            layer.close();
        }
        cdi = null;
        http = null;
        container = null;
        boundPort = -1;
    }

    private static org.glassfish.grizzly.http.server.AddOn webSocketAddOn(TyrusEngineContainer container,
                                                                          String contextPath) {
        try {
            Class<?> addOn = Class.forName("org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn");
            var constructor = addOn.getDeclaredConstructor(org.glassfish.tyrus.spi.ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return (org.glassfish.grizzly.http.server.AddOn) constructor.newInstance(container, contextPath);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Tyrus version's Grizzly add-on cannot be created; channels4j's"
                    + " embedded server needs tyrus-container-grizzly-server 2.1.x", e);
        }
    }

    private static String withSlash(String contextPath) {
        return contextPath.endsWith("/") ? contextPath : contextPath + "/";
    }

    private record StaticMount(String urlPath, Object source) {
        org.glassfish.grizzly.http.server.HttpHandler handler() {
            if (source instanceof Path folder) {
                StaticHttpHandler h = new StaticHttpHandler(folder.toAbsolutePath().toString());
                h.setFileCacheEnabled(false);
                return h;
            }
            String folder = (String) source;
            return new CLStaticHttpHandler(EmbeddedServer.class.getClassLoader(), folder.endsWith("/") ? folder : folder + "/");
        }
    }

    /** Settings of an {@link EmbeddedServer}; every setter checks its value. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String contextPath = "/";
        private final Set<Class<?>> endpoints = new LinkedHashSet<>();
        private final List<StaticMount> mounts = new ArrayList<>();
        private final List<Routes.Page> pages = new ArrayList<>();
        private final java.util.Map<String, String> redirects = new java.util.LinkedHashMap<>();
        private String statsPath;
        private ChannelLayer layer;
        private Boolean cdi;

        private Builder() {
        }

        /**
         * Whether consumers are created through CDI (Weld SE) with injection, and the channel layer
         * is the application-scoped bean. Default: on when Weld is on the class path.
         *
         * @throws IllegalStateException when turned on without Weld on the class path
         */
        public Builder cdi(boolean enabled) {
            if (enabled && !weldPresent()) {
                throw new IllegalStateException("CDI needs Weld SE on the class path:"
                        + " add org.jboss.weld.se:weld-se-core");
            }
            this.cdi = enabled;
            return this;
        }

        boolean useCdi() {
            return cdi != null ? cdi : weldPresent();
        }

        private static boolean weldPresent() {
            try {
                Class.forName("org.jboss.weld.environment.se.Weld", false, EmbeddedServer.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError absent) {
                return false;
            }
        }

        /** The address to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks any free port, readable from {@link #port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The context path the endpoints and files live under (default "/"). */
        public Builder contextPath(String contextPath) {
            if (contextPath == null || !contextPath.startsWith("/")) {
                throw new IllegalArgumentException("context path must start with '/', got " + contextPath);
            }
            this.contextPath = contextPath;
            return this;
        }

        /** Adds {@code @ServerEndpoint} classes. */
        public Builder endpoint(Class<?>... endpointClasses) {
            for (Class<?> c : endpointClasses) {
                if (c.getAnnotation(jakarta.websocket.server.ServerEndpoint.class) == null) {
                    throw new IllegalArgumentException(c.getName() + " is not annotated @ServerEndpoint");
                }
                endpoints.add(c);
            }
            return this;
        }

        /** Serves the class-path folder {@code resourceFolder} at {@code urlPath}. */
        public Builder staticResources(String urlPath, String resourceFolder) {
            mounts.add(new StaticMount(urlPath, Objects.requireNonNull(resourceFolder, "resourceFolder")));
            return this;
        }

        /**
         * Serves the class-path resource {@code resource} (e.g. {@code web/chat/room.html}) for every
         * path matching {@code pathTemplate}, whose {@code {name}} segments match any one segment
         * (e.g. {@code /chat/{room}/}).
         */
        public Builder page(String pathTemplate, String resource) {
            if (pathTemplate == null || !pathTemplate.startsWith("/")) {
                throw new IllegalArgumentException("page path must start with '/', got " + pathTemplate);
            }
            pages.add(Routes.Page.of(pathTemplate, Objects.requireNonNull(resource, "resource")));
            return this;
        }

        /** Answers requests for {@code from} with a redirect to {@code to}. */
        public Builder redirect(String from, String to) {
            redirects.put(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
            return this;
        }

        /**
         * Serves the {@link io.channels4j.ConsumerStats} as JSON at {@code path} (e.g. {@code /stats}):
         * connections, groups, channels, messagesIn, messagesOut, events, dropped.
         */
        public Builder statsPath(String path) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("stats path must start with '/', got " + path);
            }
            this.statsPath = path;
            return this;
        }

        /** Serves the file-system folder {@code folder} at {@code urlPath}. */
        public Builder staticFolder(String urlPath, Path folder) {
            mounts.add(new StaticMount(urlPath, Objects.requireNonNull(folder, "folder")));
            return this;
        }

        /**
         * The channel layer consumers share. Default: with CDI, the bean configured by properties
         * (see {@code LayerConfiguration}); without, a new in-memory layer, closed on stop. A layer
         * given here is not closed by the server.
         */
        public Builder channelLayer(ChannelLayer layer) {
            this.layer = Objects.requireNonNull(layer, "layer");
            return this;
        }

        /** The server, not yet started. */
        public EmbeddedServer build() {
            return new EmbeddedServer(this);
        }
    }

    /** Refuses consumer classes that annotate lifecycle methods themselves. */
    private static final class LifecycleAnnotations {
        static void check(Class<?> endpoint) {
            if (!isConsumer(endpoint)) {
                return;
            }
            for (Class<?> c = endpoint; c != null && !"io.channels4j".equals(c.getPackageName()); c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    for (Class<? extends java.lang.annotation.Annotation> a : List.of(jakarta.websocket.OnOpen.class,
                            jakarta.websocket.OnMessage.class, jakarta.websocket.OnClose.class,
                            jakarta.websocket.OnError.class)) {
                        if (m.isAnnotationPresent(a)) {
                            throw new IllegalStateException(c.getName() + "." + m.getName() + " is annotated @"
                                    + a.getSimpleName() + ": channels4j consumers must not annotate lifecycle methods;"
                                    + " override connect(), receive(...) or disconnect(int) instead");
                        }
                    }
                }
            }
        }

        private static boolean isConsumer(Class<?> c) {
            return io.channels4j.WebsocketConsumer.class.isAssignableFrom(c)
                    || io.channels4j.AsyncWebsocketConsumer.class.isAssignableFrom(c);
        }
    }
}
