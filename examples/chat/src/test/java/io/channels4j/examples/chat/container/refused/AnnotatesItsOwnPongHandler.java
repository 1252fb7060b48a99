package io.channels4j.examples.chat.container.refused;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.WebsocketConsumer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.server.ServerEndpoint;

/**
 * A consumer that annotates a lifecycle method itself. The containers accept it (a pong handler
 * is the one {@code @OnMessage} the base class leaves free), so refusing it is channels4j's job.
 */
@ServerEndpoint(value = "/ws/refused/", configurator = ConsumerConfigurator.class)
public class AnnotatesItsOwnPongHandler extends WebsocketConsumer {

    /** Never reached: the consumer is refused before anything is dispatched to it. */
    @OnMessage
    public void pong(PongMessage pong) {
        send("the stray method ran");
    }
}
