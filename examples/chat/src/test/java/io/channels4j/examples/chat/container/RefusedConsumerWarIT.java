package io.channels4j.examples.chat.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.examples.chat.container.refused.AnnotatesItsOwnPongHandler;
import io.channels4j.testing.WebsocketClient;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consumer class that annotates its own lifecycle method is refused in a real server as on the
 * embedded one: every connection to it closes with 1011 before anything reaches it, and the rest
 * of the application keeps working.
 */
@ExtendWith(ArquillianExtension.class)
class RefusedConsumerWarIT {

    @Deployment(testable = false)
    static WebArchive refused() {
        return ShrinkWrap.create(WebArchive.class, "refused.war").merge(Deployments.chatWar())
                .addClass(AnnotatesItsOwnPongHandler.class);
    }

    @ArquillianResource
    URL deployment;

    @Test
    void everyConnectionToTheClassClosesWith1011AndTheChatStillWorks() {
        for (int i = 0; i < 2; i++) {
            try (WebsocketClient client = Server.connect(Server.ws(deployment, "refused").resolve("ws/refused/"))) {
                assertThat(client.awaitClose()).isEqualTo(1011);
                assertThat(client.closeReason()).isEqualTo("internal error");
                client.assertNothingLeftOver();
            }
        }
        try (WebsocketClient chat = Server.connect(Server.ws(deployment, "refused").resolve("ws/chat/lobby/"))) {
            chat.send("{\"message\": \"still here\"}");
            assertThat(chat.receiveTextMatching(frame -> frame.startsWith("{\"message\"")))
                    .isEqualTo("{\"message\":\"still here\"}");
        }
    }
}
