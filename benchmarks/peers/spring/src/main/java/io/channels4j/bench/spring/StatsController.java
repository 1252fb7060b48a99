package io.channels4j.bench.spring;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /stats}: the chat's counters as a flat JSON object, for the load generator. */
@RestController
class StatsController {

    private final ChatHandler chat;

    StatsController(ChatHandler chat) {
        this.chat = chat;
    }

    @GetMapping("/stats")
    Map<String, Long> stats() {
        return chat.stats();
    }
}
