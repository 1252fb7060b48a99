package io.channels4j.examples.chat.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.testing.WebsocketClient;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In a real server, clients flooding the chat with invalid JSON cannot flood its log: one line per
 * event without a stack trace, at most 100 a minute (the default of
 * {@code channels4j.client-errors.max-lines-per-minute}) and a notice past it. The probe counts
 * what channels4j logs.
 */
@ExtendWith(ArquillianExtension.class)
class ClientErrorsWarIT {

    private static final Pattern REPORT = Pattern.compile("lines=(\\d+) notices=(\\d+) traces=(\\d+)");

    @Deployment(testable = false)
    static WebArchive probe() {
        return Deployments.probeWar("errors");
    }

    @ArquillianResource
    URL deployment;

    @Test
    void twoHundredTwentyBadClientsLogAtMostTheLimitAMinuteWithoutStackTraces() {
        int clients = 220;   // more than twice the limit: past it in any one-minute window they fall in
        int unanswered = 0;
        for (int i = 0; i < clients; i++) {
            WebsocketClient client;
            try {
                client = Server.connect(Server.ws(deployment, "errors").resolve("ws/chat/flood/"));
            } catch (AssertionError noAnswer) {
                // Now and then (twice in many runs, on both servers) one of these sequential handshakes
                // got no answer within 30 s; this test is about the log, so such a client tries once more.
                if (!String.valueOf(noAnswer.getMessage()).startsWith("no WebSocket handshake") || ++unanswered > 1) {
                    throw noAnswer;
                }
                client = Server.connect(Server.ws(deployment, "errors").resolve("ws/chat/flood/"));
            }
            try (WebsocketClient flooding = client) {
                flooding.send("{not json");
                assertThat(flooding.awaitClose(Server.SOCKET_WAIT)).isEqualTo(1007);
            }
        }
        System.out.println(Server.name() + ": handshakes without an answer, tried again: " + unanswered);
        String report = Server.get(Server.http(deployment, "errors").resolve("probe/client-errors"));
        System.out.println(Server.name() + ": after " + clients + " invalid frames: " + report);
        Matcher counted = REPORT.matcher(report);
        assertThat(counted.matches()).as(report).isTrue();
        assertThat(Integer.parseInt(counted.group(1))).as("lines, at most 100 in each of at most two minutes")
                .isGreaterThan(0).isLessThanOrEqualTo(200);
        assertThat(Integer.parseInt(counted.group(2))).as("notices that lines were suppressed").isGreaterThanOrEqualTo(1);
        assertThat(Integer.parseInt(counted.group(3))).as("records with a stack trace above debug").isZero();
    }
}
