package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.layer.GroupSendResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group send costs two round trips on one host whatever the group's size: one script reading
 * the members, one script queueing one copy per process. Counted with {@code INFO commandstats}
 * (which also counts the commands run inside scripts) on a private server nothing else uses.
 */
class GroupSendRoundTripsIT {

    private final RedisServerProcess redis = RedisServerProcess.start();
    private final List<RedisChannelLayer> layers = new ArrayList<>();

    @AfterEach
    void stop() {
        layers.forEach(RedisChannelLayer::close);
        redis.stop();
    }

    private RedisChannelLayer layer() {
        RedisChannelLayer layer = new RedisChannelLayer(RedisLayerSettings.builder().hosts(redis.url()).build());
        layers.add(layer);
        return layer;
    }

    @Test
    void aGroupSendToAThousandMembersInTenProcessesCostsTwoScriptCallsAndTenCopies() throws Exception {
        RedisChannelLayer sender = layer();
        for (int process = 0; process < 10; process++) {
            RedisChannelLayer member = layer();
            for (int i = 0; i < 100; i++) {
                String channel = member.newChannel("specific").toCompletableFuture().get();
                sender.groupAdd("big", channel).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        }
        sender.groupSend("big", Map.of("type", "warm.up")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        Map<String, Long> before = commandCalls();
        GroupSendResult result = sender.groupSend("big", Map.of("type", "chat.message", "text", "hello"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        Map<String, Long> spent = difference(before, commandCalls());

        assertThat(result).isEqualTo(new GroupSendResult(1000, 0));
        assertThat(spent).as("commands of one group send").isEqualTo(Map.of(
                "evalsha", 2L,                  // the round trips: members, then queueing
                "zremrangebyscore", 11L,        // inside the scripts: lapsed members, expired messages per queue
                "zrange", 1L,
                "zcount", 10L,                  // capacity of each process's queue
                "zadd", 10L,                    // one copy per process, listing its 100 channels
                "pexpire", 10L));
    }

    /** Calls per command so far, without those of the connection that reads them (HELLO, INFO). */
    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        RedisTestSupport.withRedis(redis.url(), r -> {
            for (String line : r.info("commandstats").split("\r\n")) {
                if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:") && !line.startsWith("cmdstat_hello:")) {
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                    calls.put(name, Long.parseLong(count));
                }
            }
        });
        return calls;
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> spent = new HashMap<>();
        after.forEach((command, calls) -> {
            long delta = calls - before.getOrDefault(command, 0L);
            if (delta > 0) {
                spent.put(command, delta);
            }
        });
        return spent;
    }
}
