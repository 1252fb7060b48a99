package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Java and Django Channels on one Redis with the same symmetric encryption keys. */
class PythonInteropEncryptedIT extends PythonInteropScenario {

    @Override
    protected List<String> hosts() {
        return List.of(RedisTestSupport.SHARED);
    }

    @Override
    protected List<String> keys() {
        return List.of("current secret", "previous secret");
    }

    @Test
    void whatJavaQueuesIsAFernetTokenNotReadableMessagePack() throws Exception {
        // A prefix of its own: no receive loop drains this queue before the test looks into it.
        String channel = layer.newChannel("peek").toCompletableFuture().get();
        layer.send(channel, Map.of("type", "secret.note", "text", "swordfish")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        String queueKey = prefix + channel.substring(0, channel.indexOf('!') + 1);
        RedisTestSupport.withRedis(RedisTestSupport.SHARED, redis -> {
            String member = redis.zrange(queueKey, 0, -1).get(0);
            assertThat(member).contains("gAAAAA").doesNotContain("swordfish");
        });
        assertThat(layer.receive(channel).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsEntry("text", "swordfish");
    }

    @Test
    void aTokenJavaMadeDecryptsInPythonsCryptography() {
        Fernet fernet = Fernet.fromPassphrases(keys());
        long now = System.currentTimeMillis() / 1000;
        String token = new String(fernet.encrypt(new byte[] {1, 2, 3, (byte) 0xfe}, now), java.nio.charset.StandardCharsets.US_ASCII);

        List<String> lines = PythonPeer.run(peerConfig(), "fernet_decrypt", keys().get(0), token,
                Long.toString(now + 5), "70");

        assertThat(lines).containsExactly("PLAIN 010203fe");
    }
}
