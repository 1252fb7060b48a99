package io.channels4j.examples.chat;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built {@code target/chat.jar} in a process of its own, as a user starts it: its output
 * (stdout and stderr) is read as it comes and kept for assertions and failure messages. Closing
 * it kills the process if it still runs.
 */
final class ChatProcess implements AutoCloseable {

    static final Path JAR = Path.of("target/chat.jar");
    private static final Pattern URL = Pattern.compile("open (http://127\\.0\\.0\\.1:\\d+/)chat/");

    private final Process process;
    private final Thread reader;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private volatile URI http;

    private ChatProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "chat-process-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java [jvmOptions] -jar target/chat.jar args} with {@code env} added to the environment. */
    static ChatProcess start(Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            return new ChatProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the chat with {@code args} and no extra settings. */
    static ChatProcess start(String... args) {
        return start(Map.of(), List.of(), args);
    }

    /**
     * A chat node on the Redis layer at {@code redisUrl}, any free port, keys under {@code prefix};
     * waits until it serves.
     */
    static ChatProcess redisNode(String redisUrl, String prefix, String... jvmOptions) {
        return start(Map.of("CHANNELS4J_LAYER_PREFIX", prefix), List.of(jvmOptions),
                "--port", "0", "--layer", "redis", "--redis-url", redisUrl).awaitServing();
    }

    /** Waits (up to 30 s) until the chat printed the address it serves, and returns this. */
    ChatProcess awaitServing() {
        await("chat.jar prints the URL to open").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .failFast("chat.jar exited; its output:\n" + this, () -> !process.isAlive())
                .until(() -> http != null);
        return this;
    }

    /** {@code http://127.0.0.1:port/}. */
    URI http() {
        return http;
    }

    /** The WebSocket URI of {@code path} (e.g. {@code ws/chat/lobby/}). */
    URI ws(String path) {
        return URI.create(http.toString().replace("http://", "ws://")).resolve(path);
    }

    /** Waits up to {@code wait} for the process to exit by itself and its output to be read; its exit status. */
    int awaitExit(Duration wait) throws InterruptedException {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("chat.jar still runs after " + wait.toMillis() + " ms; its output:\n" + this);
        }
        reader.join(wait.toMillis());
        return process.exitValue();
    }

    /** Stops the chat as Ctrl-C does (SIGTERM: its shutdown hook runs) and waits up to 15 s. */
    void stop() throws InterruptedException {
        process.destroy();
        awaitExit(Duration.ofSeconds(15));
    }

    /** Kills the chat (SIGKILL: no shutdown hook, no disconnects) and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(15));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    String output() {
        return String.join("\n", output);
    }

    /** The first output line containing {@code text}, if any. */
    Optional<String> line(String text) {
        return output.stream().filter(l -> l.contains(text)).findFirst();
    }

    /** Kills the process if it still runs, and keeps its output in {@code target/chat-<pid>.log}. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.write(Path.of("target", "chat-" + process.pid() + ".log"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return output();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                Matcher m = URL.matcher(line);
                if (http == null && m.find()) {
                    http = URI.create(m.group(1));
                }
            }
        } catch (IOException e) {
            output.add("(reading the output failed: " + e + ")");
        }
    }
}
