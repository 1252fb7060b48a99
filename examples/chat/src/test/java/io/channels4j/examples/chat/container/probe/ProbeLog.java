package io.channels4j.examples.chat.container.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the probes saw, one line per event, in this deployment's memory (served by
 * {@link ProbeServlet}) and, once a connection named a file with {@code ?log=}, in that file too,
 * so a test can read it after the application is gone.
 */
public final class ProbeLog {

    private static final List<String> LINES = new ArrayList<>();
    private static Path file;

    private ProbeLog() {
    }

    /** Mirrors every later line (and the ones so far) to {@code path}. */
    public static synchronized void mirrorTo(String path) {
        if (path == null || path.isEmpty() || file != null && file.toString().equals(path)) {
            return;
        }
        file = Path.of(path);
        for (String line : LINES) {
            write(line);
        }
    }

    /** Records one event. */
    public static synchronized void add(String line) {
        LINES.add(line);
        if (file != null) {
            write(line);
        }
    }

    /** Every event so far, in order. */
    public static synchronized List<String> lines() {
        return new ArrayList<>(LINES);
    }

    private static void write(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
