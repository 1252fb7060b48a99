package io.channels4j.examples.chat;

import io.channels4j.layer.ChannelLayer;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In the WAR: serves the room-name page for {@code /chat/}, the room page for
 * {@code /chat/<room>/}, the room's members JSON for {@code /chat/<room>/members} and the bot
 * page for {@code /bot/}, as the embedded server's routes do.
 */
@WebServlet({"/chat/*", "/bot/*"})
public class ChatPagesServlet extends HttpServlet {

    private static final Pattern MEMBERS = Pattern.compile("/([^/]+)/members");
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    ChannelLayer layer;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String rest = request.getPathInfo();
        Matcher members = rest == null || !request.getServletPath().equals("/chat") ? null : MEMBERS.matcher(rest);
        if (members != null && members.matches()) {
            members(members.group(1), response);
            return;
        }
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

    private void members(String room, HttpServletResponse response) throws IOException {
        Map<String, Object> view;
        try {
            view = RoomMembers.answer(room, layer).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        } catch (ExecutionException | TimeoutException e) {
            log("reading the members of room '" + room + "' failed", e);
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return;
        }
        if (view == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.toJson(view));
    }
}
