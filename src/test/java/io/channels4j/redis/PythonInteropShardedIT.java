package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Java and Django Channels sharding over two Redis servers (the shared one and a private second
 * one started for this class): both pick the same host for each group and queue.
 */
class PythonInteropShardedIT extends PythonInteropScenario {

    private final RedisServerProcess second = RedisServerProcess.start();

    @Override
    protected List<String> hosts() {
        return List.of(RedisTestSupport.SHARED, second.url());
    }

    @Override
    protected void afterJavaSideStopped() {
        second.stop();
    }

    @Test
    void groupsLiveOnTheHostBothSidesHashThemTo() {
        // Python's group_add puts the group on the host its _consistent_hash picks; Java must look there.
        try (PythonPeer django = PythonPeer.start(peerConfig(), "join_and_receive", "key_one", "10")) {
            django.expect("READY");
            int expected = KeySpace.shard("key_one", 2);
            assertThat(expected).isEqualTo(1);
            RedisTestSupport.withRedis(hosts().get(expected), redis ->
                    assertThat(redis.exists(prefix + ":group:key_one")).isEqualTo(1));
            RedisTestSupport.withRedis(hosts().get(1 - expected), redis ->
                    assertThat(redis.exists(prefix + ":group:key_one")).isZero());
        }
    }
}
