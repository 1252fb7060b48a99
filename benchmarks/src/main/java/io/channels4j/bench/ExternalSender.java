package io.channels4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A group sender in another process (the Python peer's {@code group_sender.py}, doing
 * channels_redis {@code group_send}s), driven over its stdin and stdout: one {@code send} command
 * per phase, answered with how many messages it sent.
 */
final class ExternalSender implements AutoCloseable {

    /** What one phase sent: messages, and how far the paced schedule fell behind at worst. */
    record Sent(long count, double maxLagMillis) {
    }

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ExternalSender(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.outputWriter(StandardCharsets.UTF_8);
    }

    /** Starts {@code command} (words separated by spaces) and waits for its "ready" line. */
    static ExternalSender start(String command) throws IOException {
        Process p = new ProcessBuilder(List.of(command.trim().split("\\s+")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ExternalSender s = new ExternalSender(p);
        String first = s.out.readLine();
        if (!"ready".equals(first)) {
            s.close();
            throw new IOException("group sender '" + command + "' did not start: it said " + first
                    + " (its error output is in the generator's log)");
        }
        return s;
    }

    /** The sender process, for its CPU time. */
    Proc proc() {
        return Proc.of((int) process.pid());
    }

    /**
     * Sends {@code k} messages from each of rooms x senders virtual senders numbered from
     * {@code senderBase}, paced at {@code rate} in total (0: unpaced, for at most {@code seconds}
     * when above 0), and returns when they have all been handed to Redis.
     */
    Sent send(int senderBase, int rooms, int senders, int k, double rate, double seconds, int padLength)
            throws IOException {
        in.write(String.format(Locale.ROOT, "send %d %d %d %d %s %s %d%n",
                senderBase, rooms, senders, k, rate, seconds, padLength));
        in.flush();
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("sent ")) {
            throw new IOException("group sender failed: " + answer);
        }
        String[] w = answer.split(" ");
        return new Sent(Long.parseLong(w[1]), Double.parseDouble(w[2]));
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // it is going away anyway
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
