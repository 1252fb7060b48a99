package io.channels4j.redis;

import java.time.Duration;

/**
 * A channels4j node in a process of its own, for {@link NodeLivenessIT}: a Redis layer with a
 * one-second node timeout whose two channels join the groups named on the command line. Prints
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
        for (int i = 0; i < 2; i++) {
            String channel = layer.newChannel("specific").toCompletableFuture().get();
            for (int g = 2; g < args.length; g++) {
                layer.groupAdd(args[g], channel).toCompletableFuture().get();
            }
            System.out.println(channel);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
