package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.redis.RedisTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built {@code target/chat.jar}, started as a user (and the benchmarks) start it. */
class ChatJarIT {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @Test
    void theJarStartsPrintsTheUrlAndServesTheChat() throws Exception {
        assertThat(ChatProcess.JAR).isRegularFile();
        try (ChatProcess chat = ChatProcess.start("--port", "0").awaitServing()) {
            assertThat(chat.line("open http://")).hasValueSatisfying(l -> assertThat(l).contains("on the memory layer"));
            URI chatPage = chat.http().resolve("chat/");
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(chatPage).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("What chat room would you like to enter?");
            try (Client client = Client.joined(chat.ws("ws/chat/jar/"))) {
                client.send("{\"message\": \"from the jar\"}");
                assertThat(client.nextMessage()).isEqualTo("{\"message\":\"from the jar\"}");
            }
            chat.stop();
        }
    }

    @Test
    void theJarRunsTheChatOnTheRedisLayerWhenToldToWithSettingsFromTheEnvironment() throws Exception {
        RedisTestSupport.requireSharedRedis();
        String prefix = RedisTestSupport.uniquePrefix("jar");
        try (ChatProcess chat = ChatProcess.redisNode(RedisTestSupport.SHARED, prefix)) {
            assertThat(chat.line("open http://")).hasValueSatisfying(l -> assertThat(l).contains("on the redis layer"));
            try (Client client = Client.joined(chat.ws("ws/chat/jar/"))) {
                assertThat(RedisTestSupport.groupSize(RedisTestSupport.SHARED, prefix, "chat_jar"))
                        .as("the room's group lives in Redis under the prefix from CHANNELS4J_LAYER_PREFIX").isEqualTo(1);
                client.send("{\"message\": \"through Redis\"}");
                assertThat(client.nextMessage()).isEqualTo("{\"message\":\"through Redis\"}");
            }
            long started = System.nanoTime();
            chat.stop();
            assertThat((System.nanoTime() - started) / 1_000_000).as("stopped within (ms)").isLessThan(10_000);
            assertThat(RedisTestSupport.groupSize(RedisTestSupport.SHARED, prefix, "chat_jar")).isZero();
        } finally {
            RedisTestSupport.deleteKeys(RedisTestSupport.SHARED, prefix);
        }
    }

    @Test
    void anUnreachableRedisIsReportedInOneClearMessageAndTheJarExitsWith1() throws Exception {
        String nobody = "redis://127.0.0.1:" + RedisTestSupport.freePort();
        try (ChatProcess chat = ChatProcess.start("--port", "0", "--layer", "redis", "--redis-url", nobody)) {
            assertThat(chat.awaitExit(EXIT_WITHIN)).isEqualTo(1);
            assertThat(chat.output())
                    .contains("chat: --layer redis: ping failed: Redis at " + nobody + " is unreachable")
                    .contains("pass another --redis-url")
                    .doesNotContain("Exception in thread").doesNotContain("\tat ")
                    .doesNotContain("open http://");
        }
    }

    @Test
    void aBadRedisUrlOrLayerSettingIsRefusedNamingItAndTheJarExitsWith2() throws Exception {
        try (ChatProcess badUrl = ChatProcess.start("--layer", "redis", "--redis-url", "redis://:6379")) {
            assertThat(badUrl.awaitExit(EXIT_WITHIN)).isEqualTo(2);
            assertThat(badUrl.output()).contains("chat: --redis-url is invalid: the Redis URL 'redis://:6379' names no host")
                    .contains("usage: java").doesNotContain("\tat ");
        }
        try (ChatProcess badSetting = ChatProcess.start(Map.of(), List.of("-Dchannels4j.layer.command-timeout=soon"),
                "--layer", "redis")) {
            assertThat(badSetting.awaitExit(EXIT_WITHIN)).isEqualTo(2);
            assertThat(badSetting.output()).contains("chat: channels4j.layer.command-timeout='soon' is invalid")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anUnknownFlagPrintsUsageAndExitsNonZero() throws Exception {
        try (ChatProcess chat = ChatProcess.start("--bogus")) {
            assertThat(chat.awaitExit(EXIT_WITHIN)).isEqualTo(2);
            assertThat(chat.output()).contains("unknown flag '--bogus'").contains("usage: java");
        }
    }
}
