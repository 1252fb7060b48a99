package io.channels4j.examples.chat.container.inspector;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A deployment without channels4j that watches the server while others come and go:
 * {@code GET /threads} lists the live threads named {@code channels4j-*} (none may outlive their
 * application). In Payara Micro, where Arquillian's undeploy stops the whole server,
 * {@code PUT /deployments/<name>} (body: the WAR) and {@code DELETE /deployments/<name>} deploy and
 * undeploy inside the running server through Payara Micro's runtime API. The answer to a PUT
 * (201, or 400 when the runtime reports a failure) carries what the server logged meanwhile
 * (messages and their causes): Payara Micro 6 reports success even for an application whose
 * start failed, and logs why.
 */
@WebServlet({"/threads", "/deployments/*"})
public class InspectorServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("channels4j-")).sorted().collect(Collectors.joining("\n")));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = name(request);
        LogCapture log = new LogCapture();
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        try (InputStream war = request.getInputStream()) {
            Method deploy = payaraRuntime().getClass().getMethod("deploy", String.class, String.class, InputStream.class);
            boolean deployed = (boolean) deploy.invoke(payaraRuntime(), name, "/" + name, war);
            response.setStatus(deployed ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain");
            response.getWriter().write(log.text());
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot deploy " + name + " through Payara Micro's runtime", e);
        } finally {
            root.removeHandler(log);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = name(request);
        try {
            payaraRuntime().getClass().getMethod("undeploy", String.class).invoke(payaraRuntime(), name);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot undeploy " + name + " through Payara Micro's runtime", e);
        }
    }

    /** Collects log messages with the messages of their exceptions' causes. */
    private static final class LogCapture extends Handler {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getLevel()).append(' ').append(record.getMessage()).append('\n');
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append("  caused by ").append(t).append('\n');
            }
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static String name(HttpServletRequest request) {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad deployment name '" + name + "'");
        }
        return name;
    }

    private static Object payaraRuntime() throws ClassNotFoundException {
        Class<?> type = Class.forName("fish.payara.micro.PayaraMicroRuntime", true,
                Thread.currentThread().getContextClassLoader());
        return CDI.current().select(type).get();
    }
}
