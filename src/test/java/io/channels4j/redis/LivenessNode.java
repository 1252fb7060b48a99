package io.channels4j.redis;

import io.channels4j.presence.Presence;
import java.time.Duration;

/**
 * A channels4j node in a process of its own, for {@link NodeLivenessIT}: a Redis layer with a
 * one-second node timeout whose two channels join the groups named on the command line and are
 * tracked there in presence as "bob" ({@code {"tab": i}}). Prints
 * each channel's name, then "ready", and waits to be killed.
 *
 * <p>Arguments: Redis URL, prefix, groups.
 */
public final class LivenessNode {

    private LivenessNode() {
    }

    public static void main(String[] args) throws Exception {
        RedisChannelLayer layer = new RedisChannelLayer(RedisLayerSettings.builder().hosts(args[0]).prefix(args[1])
                .nodeTimeout(Duration.ofSeconds(1)).build());
        Presence presence = new Presence(layer);
        for (int i = 0; i < 2; i++) {
            String channel = layer.newChannel("specific").toCompletableFuture().get();
            for (int g = 2; g < args.length; g++) {
                layer.groupAdd(args[g], channel).toCompletableFuture().get();
                presence.track(args[g], channel, "bob", java.util.Map.of("tab", i)).toCompletableFuture().get();
            }
            System.out.println(channel);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
