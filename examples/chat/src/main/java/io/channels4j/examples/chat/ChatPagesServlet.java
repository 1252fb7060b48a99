package io.channels4j.examples.chat;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In the WAR: serves the room-name page for {@code /chat/}, the room page for
 * {@code /chat/<room>/} and the bot page for {@code /bot/}, as the embedded server's page routes do.
 */
@WebServlet({"/chat/*", "/bot/*"})
public class ChatPagesServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String rest = request.getPathInfo();
        boolean root = rest == null || rest.equals("/");
        String page;
        if (request.getServletPath().equals("/bot")) {
            page = root ? "/pages/bot.html" : null;
        } else {
            page = root ? "/pages/chat-index.html" : rest.matches("/[^/]+/") ? "/pages/chat-room.html" : null;
        }
        if (page == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        request.getServletContext().getRequestDispatcher(page).forward(request, response);
    }
}
