package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the browser scripts of {@code src/test/browser} with Node: Debian's Chromium driven
 * by playwright-core ({@code .ci/test.sh} installs both). The script exits with 0 when what it
 * checks holds and prints what it saw either way.
 */
final class BrowserScript {

    private static final long FINISH_WITHIN_SECONDS = 120;

    private BrowserScript() {
    }

    /**
     * Runs {@code node src/test/browser/<script> args...}, asserts that it finished in time and
     * exited with 0, and returns its output (stdout and stderr).
     */
    static String run(String script, String... args) throws IOException, InterruptedException {
        assertThat(Path.of("src/test/browser/node_modules/playwright-core")).as(
                "playwright-core is installed (npm ci --prefix src/test/browser; .ci/test.sh does it)").isDirectory();
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))).as(
                "Debian's chromium is installed (.ci/test.sh does it)").exists();
        List<String> command = new ArrayList<>(List.of("node", Path.of("src/test/browser", script).toString()));
        command.addAll(List.of(args));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = node.waitFor(FINISH_WITHIN_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor();
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("the browser test finished within " + FINISH_WITHIN_SECONDS + " s; output:\n" + output)
                .isTrue();
        assertThat(node.exitValue()).as("browser test output:\n" + output).isZero();
        return output;
    }
}
