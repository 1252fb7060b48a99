package io.channels4j.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} on a free loopback port, started by a test and stopped by it
 * (no persistence: a restart loses everything, like the shared test server's configuration).
 * A test may stop, shut down, freeze or restart it without disturbing the shared Redis.
 * Published in the library's test-jar for the example's tests.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** Starts a server on a free port and waits (bounded) until it answers PING. */
    public static RedisServerProcess start() {
        RedisServerProcess server = new RedisServerProcess(RedisTestSupport.freePort());
        server.startAgain();
        return server;
    }

    /** The loopback port the server listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Starts the server (again) on the same port, empty, and waits (up to 10 s) until it answers PING.
     *
     * @throws IllegalStateException if it is running
     */
    public void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " is already running");
        }
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server (apt-get install -y redis-server)", e);
        }
        await("redis-server on port " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> RedisTestSupport.answersPing(port));
    }

    /** Freezes the server (SIGSTOP): it keeps its connections but answers nothing until {@link #resume()}. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen server run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until its process has exited. */
    public void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Shuts the server down as an operator does ({@code redis-cli -p PORT shutdown nosave}) and
     * waits (up to 10 s) until its process has exited; {@link #startAgain()} brings it back.
     *
     * @throws IllegalStateException if it is not running
     */
    public void shutdownNoSave() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " is not running; startAgain() first");
        }
        try {
            Process cli = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "shutdown",
                    "nosave").redirectErrorStream(true).start();
            if (!cli.waitFor(10, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                throw new AssertionError("redis-cli shutdown nosave on port " + port + " did not finish in 10 s");
            }
            // what it said (a line at most) waits in the pipe: read once it has exited, so the read cannot block
            String said = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server on " + port + " still runs 10 s after shutdown nosave: " + said);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run redis-cli (apt-get install -y redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops the server if it runs: {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
