package io.channels4j.bench.quarkus;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** {@code GET /stats} on the HTTP port, a plain Vert.x route (no REST layer). */
@Singleton
public class StatsRoute {

    void routes(@Observes Router router, Rooms rooms) {
        router.get("/stats").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(rooms.statsJson()));
    }
}
