package io.channels4j.examples.chat.container.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /probe/log}: the probe log, one event a line; {@code /probe/origin} and
 * {@code /probe/default-origin}: how many {@link OriginConsumer} and {@link DefaultOriginConsumer}
 * instances were created; {@code /probe/client-errors}: what {@link ClientErrorCounter} counted.
 */
@WebServlet("/probe/*")
public class ProbeServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (what) {
            case "/log" -> response.getWriter().write(String.join("\n", ProbeLog.lines()));
            case "/origin" -> response.getWriter().write(String.valueOf(OriginConsumer.CREATED.get()));
            case "/client-errors" -> response.getWriter().write(ClientErrorCounter.report());
            case "/default-origin" -> response.getWriter().write(String.valueOf(DefaultOriginConsumer.CREATED.get()));
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
