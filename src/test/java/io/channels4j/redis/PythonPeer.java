package io.channels4j.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Django Channels peer: {@code /usr/bin/python3} running {@code interop/peer.py} with
 * channels_redis 4.0 (Debian's python3-channels-redis), one operation per process. Every wait is
 * bounded; {@link #close()} kills a peer that is still running.
 */
final class PythonPeer implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();
    private final Thread out;

    private PythonPeer(Process process) {
        this.process = process;
        this.out = new Thread(() -> drain(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8),
                lines::add), "python-peer-out");
        Thread err = new Thread(() -> drain(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8),
                line -> errors.append(line).append('\n')), "python-peer-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Fails with the installation command when the peer's Python packages are missing. */
    static void requirePython() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError("the interoperability tests need " + PYTHON
                    + " with channels_redis: apt-get install -y python3-channels-redis");
        }
    }

    /** Starts {@code peer.py config command args...}. */
    static PythonPeer start(String configJson, String command, String... args) {
        List<String> commandLine = new ArrayList<>(List.of(PYTHON, script().toString(), configJson, command));
        commandLine.addAll(List.of(args));
        try {
            return new PythonPeer(new ProcessBuilder(commandLine).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + commandLine, e);
        }
    }

    /** Runs one operation to its end and returns its lines. */
    static List<String> run(String configJson, String command, String... args) {
        try (PythonPeer peer = start(configJson, command, args)) {
            return peer.awaitExit();
        }
    }

    /** The next line, which must start with {@code word}; returns the rest of it. */
    String expect(String word) {
        String line;
        try {
            line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (line == null) {
            throw new AssertionError("the Python peer said nothing within " + WAIT + " (expected " + word + ")"
                    + (process.isAlive() ? "" : "; it exited with " + process.exitValue()) + "; stderr:\n" + errors);
        }
        if (!line.startsWith(word)) {
            throw new AssertionError("expected " + word + " from the Python peer, got: " + line + "\nstderr:\n" + errors);
        }
        return line.substring(word.length()).trim();
    }

    /** Waits for a successful exit and returns the lines not yet read. */
    List<String> awaitExit() {
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the Python peer did not finish within " + WAIT + "; stderr:\n" + errors);
            }
            out.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the Python peer failed with " + process.exitValue() + "; stderr:\n" + errors);
        }
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path script() {
        try {
            return Path.of(PythonPeer.class.getResource("/interop/peer.py").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("interop/peer.py is not on the test class path", e);
        }
    }

    private static void drain(InputStreamReader stream, java.util.function.Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(stream)) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }
}
