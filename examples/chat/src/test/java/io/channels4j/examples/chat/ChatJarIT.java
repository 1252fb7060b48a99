package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built {@code target/chat.jar}, started as a user (and the benchmarks) start it. */
class ChatJarIT {

    private static final Path JAR = Path.of("target/chat.jar");

    private static Process start(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-jar";
        command[2] = JAR.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void theJarStartsPrintsTheUrlAndServesTheChat() throws Exception {
        assertThat(JAR).isRegularFile();
        Process chat = start("--port", "0");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(chat.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern url = Pattern.compile("open (http://127\\.0\\.0\\.1:\\d+/chat/)");
            String line;
            Matcher found = null;
            while ((line = out.readLine()) != null) {
                Matcher m = url.matcher(line);
                if (m.find()) {
                    found = m;
                    break;
                }
            }
            assertThat(found).as("the jar printed the URL to open").isNotNull();
            URI chatPage = URI.create(found.group(1));
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(chatPage).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("What chat room would you like to enter?");
            try (Client client = Client.joined(URI.create(chatPage.toString().replace("http://", "ws://")
                    .replace("/chat/", "/ws/chat/jar/")))) {
                client.send("{\"message\": \"from the jar\"}");
                assertThat(client.nextMessage()).isEqualTo("{\"message\":\"from the jar\"}");
            }
        } finally {
            chat.destroy();
            assertThat(chat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anUnknownFlagPrintsUsageAndExitsNonZero() throws Exception {
        Process chat = start("--bogus");
        String output = new String(chat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chat.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(chat.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown flag '--bogus'").contains("usage: java -jar chat.jar");
    }

    @Test
    void theRedisLayerIsRefusedWithAClearMessageUntilItExists() throws Exception {
        Process chat = start("--layer", "redis");
        String output = new String(chat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chat.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(chat.exitValue()).isEqualTo(2);
        assertThat(output).contains("--layer redis").contains("not available");
    }
}
