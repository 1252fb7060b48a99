package io.channels4j.examples.chat.container.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /probe/session?value=v}: starts an HTTP session holding {@code probe=v}; answers its id. */
@WebServlet("/probe/session")
public class SessionServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var session = request.getSession(true);
        session.setAttribute("probe", request.getParameter("value"));
        response.setContentType("text/plain");
        response.getWriter().write(session.getId());
    }
}
