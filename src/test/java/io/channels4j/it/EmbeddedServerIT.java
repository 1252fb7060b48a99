package io.channels4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.AsyncWebsocketConsumer;
import io.channels4j.ConsumerConfigurator;
import io.channels4j.embedded.EmbeddedServer;
import io.channels4j.testing.WebsocketClient;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server's own features: binding, context path, static files, pages, stats. */
class EmbeddedServerIT {

    @ServerEndpoint(value = "/ws/echo/", configurator = ConsumerConfigurator.class)
    public static class Echo extends AsyncWebsocketConsumer {
        @Override
        protected CompletionStage<Void> receive(String text) {
            return send("echo " + text);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endpointsFilesAndPagesLiveUnderTheContextPathOnOnePort(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("hello.txt"), "hello from a folder");
        try (EmbeddedServer server = EmbeddedServer.builder().contextPath("/app").endpoint(Echo.class)
                .staticFolder("/app/files", folder).page("/app/rooms/{room}/", "pages/room.html")
                .statsPath("/app/stats").build().start()) {
            assertThat(server.wsUri().toString()).endsWith("/app/");
            try (WebsocketClient client = WebsocketClient.connect(server.wsUri().resolve("ws/echo/"))) {
                client.send("ping");
                assertThat(client.receiveText()).isEqualTo("echo ping");
            }
            assertThat(get(server.httpUri().resolve("files/hello.txt")).body()).isEqualTo("hello from a folder");
            HttpResponse<String> page = get(server.httpUri().resolve("rooms/lobby/"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("a room page for tests");
            assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(get(server.httpUri().resolve("rooms/")).statusCode()).isEqualTo(404);
            assertThat(get(server.httpUri().resolve("stats")).body()).startsWith("{\"connections\":");
        }
    }

    @Test
    void theServerBindsOnlyTheAddressItIsGiven() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.builder().host("127.0.0.2").endpoint(Echo.class).build().start()) {
            try (Socket ok = new Socket()) {
                ok.connect(new InetSocketAddress("127.0.0.2", server.port()), 2000);
                assertThat(ok.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> {
                try (Socket refused = new Socket()) {
                    refused.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() {
        try (EmbeddedServer first = EmbeddedServer.builder().endpoint(Echo.class).build().start()) {
            EmbeddedServer second = EmbeddedServer.builder().port(first.port()).endpoint(Echo.class).build();
            assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port()).hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void badSettingsAreRefusedWithTheRule() {
        assertThatThrownBy(() -> EmbeddedServer.builder().port(70000)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> EmbeddedServer.builder().contextPath("app")).hasMessageContaining("start with '/'");
        assertThatThrownBy(() -> EmbeddedServer.builder().endpoint(String.class))
                .hasMessageContaining("not annotated @ServerEndpoint");
        assertThatThrownBy(() -> EmbeddedServer.builder().page("rooms", "x.html")).hasMessageContaining("start with '/'");
    }
}
