package io.channels4j.examples.chat.container;

import static io.channels4j.examples.chat.container.ChatFrames.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.examples.chat.container.inspector.InspectorServlet;
import io.channels4j.examples.chat.container.origins.MalformedOriginsConsumer;
import io.channels4j.testing.WebsocketClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Origin checks in a real server: with no setting (server-config sets none) the application's own
 * origin and clients without an Origin header get in and any other origin gets HTTP 403 before a
 * consumer exists; {@code channels4j.allowed-origins} set by an application
 * ({@code META-INF/microprofile-config.properties}) replaces that with its list, or opens it with
 * {@code *}; a malformed entry, in the setting or in an endpoint's own list, fails the deployment
 * with a message naming it, and the server goes on serving the other applications. Further
 * applications are deployed into the running server (Arquillian's deployer on WildFly, Payara
 * Micro's runtime API through the inspector servlet on Payara, where Arquillian's undeploy stops
 * the server).
 */
@ExtendWith(ArquillianExtension.class)
class OriginWarIT {

    private static final String MAIN = "origins";
    private static final String LISTED = "origins-listed";
    private static final String STAR = "origins-star";
    private static final String BAD_SETTING = "origins-bad-setting";
    private static final String BAD_ENDPOINT = "origins-bad-endpoint";

    @Deployment(name = MAIN, testable = false)
    static WebArchive main() {
        return Deployments.probeWar(MAIN).addClass(InspectorServlet.class);
    }

    @Deployment(name = LISTED, managed = false, testable = false)
    static WebArchive listed() {
        return withSetting(Deployments.probeWar(LISTED), "https://chat.example.com, https://*.partner.example");
    }

    @Deployment(name = STAR, managed = false, testable = false)
    static WebArchive star() {
        return withSetting(Deployments.probeWar(STAR), "*");
    }

    @Deployment(name = BAD_SETTING, managed = false, testable = false)
    static WebArchive badSetting() {
        return withSetting(Deployments.probeWar(BAD_SETTING), "https://chat.example.com, chat.example.com");
    }

    @Deployment(name = BAD_ENDPOINT, managed = false, testable = false)
    static WebArchive badEndpoint() {
        return ShrinkWrap.create(WebArchive.class, BAD_ENDPOINT + ".war").merge(Deployments.chatWar())
                .addClasses(MalformedOriginsConsumer.class, MalformedOriginsConsumer.Origins.class);
    }

    private static WebArchive withSetting(WebArchive war, String allowedOrigins) {
        return war.addAsResource(new StringAsset("channels4j.allowed-origins=" + allowedOrigins + "\n"),
                "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    @OperateOnDeployment(MAIN)
    URL deployment;

    @ArquillianResource
    Deployer deployer;

    private URI ws(String app, String path) {
        return Server.ws(deployment, app).resolve(path);
    }

    private URI http(String app, String path) {
        return Server.http(deployment, app).resolve(path);
    }

    /** {@code http://127.0.0.1:port}: the origin of the pages the server serves, as a browser sends it. */
    private String ownOrigin() {
        return "http://127.0.0.1:" + deployment.getPort();
    }

    private String created(String app) {
        return Server.get(http(app, "probe/default-origin"));
    }

    private void assertWelcomed(String app, Map<String, String> headers) {
        try (WebsocketClient client = Server.connect(ws(app, "ws/default-origin/"), headers)) {
            assertThat(client.receiveText()).as(app + " " + headers).isEqualTo("welcome");
        }
    }

    private int refusal(String app, Map<String, String> headers) {
        return Server.refusedStatus(ws(app, "ws/default-origin/"), headers);
    }

    private void assertTheChatStillWorks() {
        try (WebsocketClient chat = Server.connect(ws(MAIN, "ws/chat/lobby/"), Map.of("Origin", ownOrigin()))) {
            chat.send("{\"message\": \"still here\"}");
            assertThat(chat.receiveTextMatching(CHAT)).isEqualTo("{\"message\":\"still here\"}");
        }
    }

    @Test
    void byDefaultTheOwnOriginAndNoOriginAreAcceptedAndAnotherOriginGets403BeforeAnyConsumer() {
        assertWelcomed(MAIN, Map.of("Origin", ownOrigin()));
        String before = created(MAIN);
        assertThat(refusal(MAIN, Map.of("Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(refusal(MAIN, Map.of("Origin", "http://127.0.0.1:1"))).as("another port").isEqualTo(403);
        assertThat(refusal(MAIN, Map.of("Origin", "https://127.0.0.1:" + deployment.getPort())))
                .as("another scheme").isEqualTo(403);
        assertThat(Server.refusedStatus(ws(MAIN, "ws/chat/lobby/"), Map.of("Origin", "http://evil.example")))
                .as("the chat room itself").isEqualTo(403);
        assertThat(created(MAIN)).as("consumers created by refused handshakes").isEqualTo(before);
        assertWelcomed(MAIN, Map.of());
        assertTheChatStillWorks();
    }

    @Test
    void anApplicationsListReplacesTheDefault() {
        deploy(LISTED);
        try {
            String before = created(LISTED);
            assertThat(refusal(LISTED, Map.of("Origin", "http://evil.example"))).isEqualTo(403);
            assertThat(refusal(LISTED, Map.of("Origin", ownOrigin()))).as("not listed").isEqualTo(403);
            assertThat(refusal(LISTED, Map.of())).as("no Origin, once a list is set").isEqualTo(403);
            assertThat(created(LISTED)).isEqualTo(before);
            assertWelcomed(LISTED, Map.of("Origin", "https://chat.example.com"));
            assertWelcomed(LISTED, Map.of("Origin", "https://app.partner.example"));
            assertThat(refusal(MAIN, Map.of("Origin", "https://chat.example.com")))
                    .as("the other application keeps the default").isEqualTo(403);
        } finally {
            undeploy(LISTED);
        }
    }

    @Test
    void aStarOpensTheApplicationToEveryOrigin() {
        deploy(STAR);
        try {
            assertWelcomed(STAR, Map.of("Origin", "http://evil.example"));
            assertWelcomed(STAR, Map.of("Origin", ownOrigin()));
            assertWelcomed(STAR, Map.of());
        } finally {
            undeploy(STAR);
        }
    }

    @Test
    void aMalformedSettingFailsTheDeploymentNamingTheEntry() {
        String failure = deploymentFailure(BAD_SETTING);
        assertThat(failure).contains("channels4j.allowed-origins").contains("'chat.example.com'");
        assertThat(Server.send(HttpRequest.newBuilder(http(BAD_SETTING, "probe/default-origin")).GET()).statusCode())
                .as("the application is not served").isEqualTo(404);
        assertTheChatStillWorks();
    }

    @Test
    void aMalformedEndpointListFailsTheDeploymentNamingTheEndpointAndTheEntry() {
        String failure = deploymentFailure(BAD_ENDPOINT);
        assertThat(failure).contains(MalformedOriginsConsumer.class.getName()).contains("'partner.example.com'");
        assertTheChatStillWorks();
    }

    private void deploy(String name) {
        if (Server.isPayara()) {
            HttpResponse<String> put = putWar(name);
            assertThat(put.statusCode()).as(name + " deployed through Payara Micro's runtime: " + put.body()).isEqualTo(201);
        } else {
            deployer.deploy(name);
        }
    }

    private void undeploy(String name) {
        if (Server.isPayara()) {
            Server.send(HttpRequest.newBuilder(http(MAIN, "deployments/" + name)).DELETE());
        } else {
            deployer.undeploy(name);
        }
    }

    /**
     * Deploys {@code name}, expecting its start to fail; returns what the server reported: on
     * WildFly the deployer's error; on Payara what the server logged while deploying (Payara
     * Micro's runtime API reports success all the same, so the test checks that nothing is served).
     */
    private String deploymentFailure(String name) {
        if (Server.isPayara()) {
            HttpResponse<String> put = putWar(name);
            try {
                assertThat(Server.send(HttpRequest.newBuilder(http(name, "chat/")).GET()).statusCode())
                        .as(name + " is not served").isEqualTo(404);
                assertThat(Server.refusedStatus(ws(name, "ws/chat/lobby/"), Map.of())).as(name + "'s chat room")
                        .isGreaterThanOrEqualTo(400);
            } finally {
                undeploy(name);
            }
            return put.body();
        }
        try {
            deployer.deploy(name);
        } catch (Exception refused) {   // Arquillian's DeploymentException, thrown though not declared
            StringWriter trace = new StringWriter();
            refused.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        } finally {
            try {
                deployer.undeploy(name);
            } catch (RuntimeException notDeployed) {
                // a deployment that failed is rolled back already
            }
        }
        throw new AssertionError(name + " was deployed; expected its deployment to fail");
    }

    private HttpResponse<String> putWar(String name) {
        WebArchive war = switch (name) {
            case LISTED -> listed();
            case STAR -> star();
            case BAD_SETTING -> badSetting();
            case BAD_ENDPOINT -> badEndpoint();
            default -> throw new IllegalArgumentException(name);
        };
        return Server.send(HttpRequest.newBuilder(http(MAIN, "deployments/" + name))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> war.as(ZipExporter.class).exportAsInputStream())));
    }
}
