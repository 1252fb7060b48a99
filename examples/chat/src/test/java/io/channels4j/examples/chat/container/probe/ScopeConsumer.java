package io.channels4j.examples.chat.container.probe;

import io.channels4j.ConsumerConfigurator;
import io.channels4j.JsonWebsocketConsumer;
import io.channels4j.Scope;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.server.ServerEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tells its client, as soon as it connects, what its scope says (as JSON). */
@ServerEndpoint(value = "/ws/scope/{room}/", configurator = ConsumerConfigurator.class)
public class ScopeConsumer extends JsonWebsocketConsumer {

    @Override
    protected void connect() {
        accept();
        Scope s = scope();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("path", s.path());
        report.put("rawPath", s.rawPath());
        report.put("queryString", s.queryString());
        report.put("queryParams", s.queryParams());
        report.put("kwargs", s.urlRoute().kwargs());
        report.put("probeHeader", s.header("x-probe").orElse(""));
        report.put("headerNames", s.headers().keySet());
        report.put("cookies", s.cookies());
        report.put("user", s.user().map(java.security.Principal::getName).orElse(""));
        report.put("session", s.httpSession().map(session -> {
            HttpSession http = (HttpSession) session;
            return http.getId() + " " + http.getAttribute("probe");
        }).orElse(""));
        report.put("client", s.client().map(a -> a.host() + ":" + a.port()).orElse(""));
        report.put("server", s.server().map(a -> a.host() + ":" + a.port()).orElse(""));
        report.put("layerSetting", System.getProperty("channels4j.layer", ""));
        sendJson(report);
    }
}
