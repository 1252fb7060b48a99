package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.LayerListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pub/sub layer while its Redis stops and starts again: a subscriber-only process hears the
 * layer go down (its subscription connection dropped) and come back, publishing fails fast
 * meanwhile and is counted, and once "up" is reported the subscriptions are live again.
 */
class RedisPubSubRestartIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

    private final RedisServerProcess redis = RedisServerProcess.start();
    private final String prefix = RedisTestSupport.uniquePrefix().replace(':', '-');
    private final RedisPubSubChannelLayer receiver = layer();
    private final RedisPubSubChannelLayer sender = layer();

    private RedisPubSubChannelLayer layer() {
        return new RedisPubSubChannelLayer(RedisLayerSettings.builder().hosts(redis.url()).prefix(prefix).build());
    }

    @AfterEach
    void stopEverything() {
        receiver.close();
        sender.close();
        redis.stop();
    }

    private static List<String> record(RedisPubSubChannelLayer layer) {
        List<String> events = new CopyOnWriteArrayList<>();
        layer.addListener(new LayerListener() {
            @Override
            public void layerDown(ChannelLayerException cause) {
                events.add("down");
            }

            @Override
            public void layerUp(long lost) {
                events.add("up, lost " + lost);
            }
        });
        return events;
    }

    private static <T> T await5(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSubscriberHearsTheOutageAndListensAgainOnceItIsReportedBack() throws Exception {
        List<String> receiverEvents = record(receiver);
        List<String> senderEvents = record(sender);
        String channel = await5(receiver.newChannel("specific"));
        await5(receiver.groupAdd("room", channel));
        await5(sender.ping());
        assertThat(await5(sender.groupSend("room", Map.of("type", "t", "n", 1)))).isEqualTo(new GroupSendResult(1, 0));
        assertThat(await5(receiver.receive(channel))).containsEntry("n", 1);
        CompletableFuture<Map<String, Object>> waiting = receiver.receive(channel).toCompletableFuture();

        redis.stop();
        await().atMost(BACK_WITHIN).until(() -> receiverEvents.contains("down"));
        assertThatThrownBy(() -> await5(sender.groupSend("room", Map.of("type", "t", "n", 2))))
                .cause().isInstanceOf(ChannelLayerException.class).hasMessageContaining("unreachable");

        redis.startAgain();
        await().atMost(BACK_WITHIN).until(() -> receiverEvents.size() == 2 && senderEvents.size() == 2);
        assertThat(receiverEvents).containsExactly("down", "up, lost 0");
        assertThat(senderEvents).containsExactly("down", "up, lost 1");

        assertThat(await5(sender.groupSend("room", Map.of("type", "t", "n", 3))))
                .as("the receiver subscribed to the group again").isEqualTo(new GroupSendResult(1, 0));
        assertThat(await5(waiting)).as("message 2 was refused, not delayed").containsEntry("n", 3);
        await5(sender.send(channel, Map.of("type", "t", "n", 4)));
        assertThat(await5(receiver.receive(channel))).containsEntry("n", 4);
    }
}
