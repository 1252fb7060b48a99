package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.channels4j.embedded.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static files and pages of the embedded server never serve a file outside their content root:
 * paths that leave it or are malformed get 400 (never 500), and symbolic links inside a root that
 * point out of it get 404, for a folder root and for a class-path root. The requests go over raw
 * sockets, written verbatim, so no client normalises the path first.
 */
class StaticFilesIT {

    private static final String SECRET = "the secret outside every content root";

    private static Path outside;
    private static Path folderRoot;
    private static Path classPathRoot;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() throws IOException, URISyntaxException {
        outside = Files.createTempDirectory("channels4j-outside-");
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createDirectories(outside.resolve("folder"));
        Files.writeString(outside.resolve("folder").resolve("index.html"), SECRET);

        folderRoot = Files.createTempDirectory("channels4j-files-");
        fill(folderRoot);
        // a class-path folder: created in the test classes' folder, which is on the class path
        Path testClasses = Path.of(StaticFilesIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classPathFolder = "static-files-it-" + UUID.randomUUID();
        classPathRoot = Files.createDirectory(testClasses.resolve(classPathFolder));
        fill(classPathRoot);

        server = EmbeddedServer.builder().cdi(false)
                .staticFolder("/files", folderRoot)
                .staticResources("/static", classPathFolder)
                .page("/chat/{room}/", "pages/room.html")
                .build().start();
    }

    /** An ordinary file, a folder with an index, and links to files and a folder outside the root. */
    private static void fill(Path root) throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello");
        Files.createDirectories(root.resolve("inner"));
        Files.writeString(root.resolve("inner").resolve("index.html"), "inner index");
        Files.createSymbolicLink(root.resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("leak-folder"), outside.resolve("folder"));
        Files.createSymbolicLink(root.resolve("inner").resolve("link-inside.txt"), root.resolve("hello.txt"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.stop();
        }
        for (Path dir : new Path[] {folderRoot, classPathRoot, outside}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** The status line's code and the body of a GET of {@code rawPath}, sent exactly as given. */
    private static Answer get(String rawPath) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    private record Answer(int status, String body) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/files/..%2f..%2f..%2fetc%2fpasswd",
        "/chat/..%2f..%2f..%2fetc%2fpasswd/", "/chat/%2e%2e%2f%2e%2e%2fetc/", "/files/..%5c..%5cetc%5cpasswd",
        "/files/..;/..;/etc/passwd", "/static/%c0%ae%c0%ae/etc/passwd", "/files/hello.txt%00.html",
        "/files/%ZZ", "/static/./hello.txt", "/../files/hello.txt", "/files/inner/../../outside.txt"})
    void pathsThatLeaveTheRootOrAreMalformedGet400(String path) throws IOException {
        Answer answer = get(path);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("root:").doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/files/leak.txt", "/static/leak.txt", "/files/leak-folder/", "/static/leak-folder/",
        "/files/leak-folder/index.html", "/static/leak-folder/index.html", "/files/%252e%252e/secret.txt"})
    void linksOutOfTheRootAreNotFound(String path) throws IOException {
        Answer answer = get(path);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain(SECRET);
    }

    @Test
    void filesInsideTheRootAreServedAlsoThroughLinksThatStayInside() throws IOException {
        for (String root : new String[] {"/files", "/static"}) {
            assertThat(get(root + "/hello.txt")).isEqualTo(new Answer(200, "hello"));
            assertThat(get(root + "/inner/")).isEqualTo(new Answer(200, "inner index"));
            assertThat(get(root + "/inner/link-inside.txt")).isEqualTo(new Answer(200, "hello"));
            assertThat(get(root + "/hell%6F.txt")).as("an encoded ordinary character").isEqualTo(new Answer(200, "hello"));
        }
        assertThat(get("/chat/lobby/").status()).isEqualTo(200);
    }

    @Test
    void theServerKeepsServingAfterRefusals() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/files/%2e%2e/%2e%2e/etc/passwd").status()).isEqualTo(400);
            assertThat(get("/static/leak.txt").status()).isEqualTo(404);
        }
        assertThat(get("/files/hello.txt")).isEqualTo(new Answer(200, "hello"));
        assertThat(get("/chat/lobby/").body()).contains("a room page for tests");
    }
}
