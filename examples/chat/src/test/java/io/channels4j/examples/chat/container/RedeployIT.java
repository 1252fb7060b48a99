package io.channels4j.examples.chat.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.examples.chat.container.inspector.InspectorServlet;
import io.channels4j.testing.WebsocketClient;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying an application with open connections closes them, runs every consumer's
 * {@code disconnect}, empties the layer (the probe's {@code ClosingReportLayer} reports what it
 * holds when CDI disposes of it) and leaves no
 * channels4j thread in the server; three
 * deploy/undeploy rounds in a row (two redeployments) behave the same. An inspector deployment
 * without channels4j watches the server's threads throughout.
 */
@ExtendWith(ArquillianExtension.class)
class RedeployIT {

    private static final String PROBE = "redeploy";

    @Deployment(name = "inspector", testable = false)
    static WebArchive inspector() {
        // beans.xml: Payara Micro's runtime is looked up through CDI
        return ShrinkWrap.create(WebArchive.class, "inspector.war").addClass(InspectorServlet.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Deployment(name = PROBE, managed = false, testable = false)
    static WebArchive probe() {
        return Deployments.probeWar(PROBE);
    }

    @ArquillianResource
    @OperateOnDeployment("inspector")
    URL inspector;

    @ArquillianResource
    Deployer deployer;

    private URI inspectorUri(String path) {
        return Server.http(inspector, "inspector").resolve(path);
    }

    /** The probe's address: the same server (host and port) as the inspector. */
    private URI probeWs(String path) {
        return URI.create("ws://127.0.0.1:" + inspector.getPort() + "/" + PROBE + "/" + path);
    }

    private void deploy() {
        if (Server.isPayara()) {
            HttpResponse<String> put = Server.send(HttpRequest.newBuilder(inspectorUri("deployments/" + PROBE))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(
                            () -> probe().as(ZipExporter.class).exportAsInputStream())));
            assertThat(put.statusCode()).as("deployed through Payara Micro's runtime").isEqualTo(201);
        } else {
            deployer.deploy(PROBE);
        }
    }

    private void undeploy() {
        if (Server.isPayara()) {
            HttpResponse<String> delete = Server.send(HttpRequest.newBuilder(inspectorUri("deployments/" + PROBE)).DELETE());
            assertThat(delete.statusCode()).isEqualTo(204);
        } else {
            deployer.undeploy(PROBE);
        }
    }

    @Test
    void undeployingClosesConnectionsRunsDisconnectAndLeavesNoThreadOrLayerEntryThreeRoundsInARow()
            throws IOException {
        // an application undeployed just before (another test class) takes a few seconds to lose its sweeper thread
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Server.get(inspectorUri("threads")))
                .as("channels4j threads before the first deployment").isEmpty());
        for (int round = 1; round <= 3; round++) {
            Path log = Files.createTempFile("channels4j-redeploy-" + round + "-", ".log");
            try {
                deployConnectAndUndeploy(round, log);
                assertThat(Files.readString(log)).as("round " + round)
                        .contains("disconnect first 1001").contains("disconnect second 1001")
                        .contains("layer closed holding groups=0 channels=0");
                String round0 = "round " + round;
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(Server.get(inspectorUri("threads"))).as(round0 + ": threads left").isEmpty());
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    /** Deploys the probe, opens two lifecycle probes (logging to {@code log}) and a chat client, undeploys. */
    private void deployConnectAndUndeploy(int round, Path log) {
        deploy();
        List<WebsocketClient> sockets = new ArrayList<>();
        try {
            for (String name : new String[] {"first", "second"}) {
                WebsocketClient socket = Server.connect(probeWs("ws/lifecycle/" + name + "/?log=" + log));
                sockets.add(socket);
                assertThat(socket.receiveText()).isEqualTo("joined " + name);
            }
            WebsocketClient chat = Server.connect(probeWs("ws/chat/lobby/"));
            sockets.add(chat);
            ChatFrames.joined(chat);
            assertThat(Server.get(inspectorUri("threads"))).as("round " + round + ": the probe's pools run")
                    .contains("channels4j-");

            undeploy();

            for (WebsocketClient socket : sockets) {
                assertThat(socket.awaitClose()).as("round " + round + ": close code").isEqualTo(1001);
            }
        } finally {
            sockets.forEach(WebsocketClient::abort);
        }
    }
}
