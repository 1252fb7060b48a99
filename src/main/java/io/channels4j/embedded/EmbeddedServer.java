package io.channels4j.embedded;

import io.channels4j.ConsumerDefinitionException;
import io.channels4j.ConsumerStats;
import io.channels4j.internal.ConsumerClasses;
import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.EndpointLimits;
import io.channels4j.internal.OriginChecks;
import io.channels4j.internal.Runtimes;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    private GrizzlyServer http;
    private int boundPort = -1;
    private ConsumerStats stoppedStats;

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
     * @throws IllegalArgumentException when an allowed origin ({@code channels4j.allowed-origins}, or
     *     an endpoint's {@code allowedOrigins()}) is malformed, naming it; nothing is bound then
     */
    public synchronized EmbeddedServer start() {
        if (http != null) {
            throw new IllegalStateException("the server is already started");
        }
        stoppedStats = null;
        for (Class<?> endpoint : settings.endpoints) {
            requireValidConsumer(endpoint);
        }
        OriginChecks.requireValid(settings.endpoints);
        if (settings.useCdi()) {
            cdi = new EmbeddedCdi(settings.layer);
            layer = cdi.channelLayer();
            endpoints = EndpointFactories.cdi(cdi);
        } else {
            layer = settings.layer != null ? settings.layer : new InMemoryChannelLayer();
            endpoints = EndpointFactories.reflective();
        }
        EndpointFactories.add(endpoints);
        try {
            runtime = ConsumerRuntime.of(layer);
        } catch (RuntimeException badSetting) {
            cleanUp();   // the CDI container and the layer are already up
            throw badSetting;
        }
        EndpointLimits limits = new EndpointLimits(settings.endpoints, settings.contextPath, runtime.defaultMessageLimit());
        container = new TyrusEngineContainer(settings.endpoints, settings.contextPath, limits.largest());
        Runtimes.register(container, runtime);
        http = new GrizzlyServer(settings.host, settings.port, container, settings.contextPath, endpoints, limits,
                runtime);
        settings.mounts.forEach(mount -> http.mount(mount.urlPath(), mount.source()));
        if (!settings.pages.isEmpty() || !settings.redirects.isEmpty() || settings.statsPath != null
                || !settings.jsonRoutes.isEmpty()) {
            ConsumerRuntime r = runtime;
            http.fallback(new Routes(new JsonAnswers(settings.jsonRoutes, layer), settings.pages, settings.redirects, settings.statsPath,
                    () -> r.stats().toJson(), EmbeddedServer.class.getClassLoader()));
        }
        try {
            boundPort = http.start();
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
        if (!runtime.stopAll(Duration.ofSeconds(5))) {
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
        return runtime == null ? 0 : runtime.openConnections();
    }

    /**
     * What the consumers and the layer are doing now (also served as JSON at
     * {@link Builder#statsPath(String)}); after {@link #stop()}, what they held when it finished.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized ConsumerStats stats() {
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
            http.stop();
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

    private static String withSlash(String contextPath) {
        return contextPath.endsWith("/") ? contextPath : contextPath + "/";
    }

    /** A static mount: a file-system {@link Path} or a class-path folder name, below {@code urlPath}. */
    private record StaticMount(String urlPath, Object source) {
    }

    /**
     * Refuses a consumer class that breaks channels4j's rules (bad handlers, lifecycle methods it
     * annotates itself) before any port is bound; other endpoint classes pass.
     */
    private static void requireValidConsumer(Class<?> endpoint) {
        try {
            ConsumerClasses.requireValid(endpoint);
        } catch (ConsumerDefinitionException invalid) {
            throw new IllegalStateException("cannot deploy " + endpoint.getName() + ": " + invalid.getMessage(), invalid);
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
        private final Map<String, String> redirects = new LinkedHashMap<>();
        private final List<JsonAnswers.Route> jsonRoutes = new ArrayList<>();
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
            this.contextPath = requireAbsolute("context path", contextPath);
            return this;
        }

        /** Adds {@code @ServerEndpoint} classes. */
        public Builder endpoint(Class<?>... endpointClasses) {
            for (Class<?> c : endpointClasses) {
                if (c.getAnnotation(ServerEndpoint.class) == null) {
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
            pages.add(Routes.Page.of(requireAbsolute("page path", pathTemplate),
                    Objects.requireNonNull(resource, "resource")));
            return this;
        }

        /**
         * Answers requests for paths matching {@code pathTemplate} (its {@code {name}} segments
         * match any one segment, e.g. {@code /chat/{room}/members}) with the JSON of what
         * {@code route} gives: 200, or 404 for {@code null}; a route that fails is logged and
         * answered with a 500 saying only {@code internal error}. Checked before the pages.
         */
        public Builder json(String pathTemplate, JsonRoute route) {
            jsonRoutes.add(JsonAnswers.Route.of(requireAbsolute("JSON route path", pathTemplate),
                    Objects.requireNonNull(route, "route")));
            return this;
        }

        /** Answers requests for {@code from} with a redirect to {@code to}. */
        public Builder redirect(String from, String to) {
            redirects.put(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
            return this;
        }

        /**
         * Serves the {@link ConsumerStats} as JSON at {@code path} (e.g. {@code /stats}):
         * connections, groups, channels, messagesIn, messagesOut, events, dropped.
         */
        public Builder statsPath(String path) {
            this.statsPath = requireAbsolute("stats path", path);
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

        private static String requireAbsolute(String what, String path) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException(what + " must start with '/', got " + path);
            }
            return path;
        }
    }
}
