package io.channels4j.examples.chat;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.presence.Presence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who is in a room: the display name a room socket gives ({@code ?name=Ada}, else
 * {@code "anonymous"}), the presence group its connections are tracked in
 * ({@code ChannelNames.group("members", room)}), and the members view that
 * {@code GET /chat/<room>/members} and the members socket send:
 * {@code {"room", "count": <connections>, "members": [{"name", "connections"}, ...]}}.
 */
final class RoomMembers {

    /** The name of a room socket that gives none. */
    static final String ANONYMOUS = "anonymous";
    /** The longest display name, in characters. */
    static final int MAX_NAME_CHARS = 40;

    private RoomMembers() {
    }

    /** The presence group of {@code room}, or {@code null} when the room name cannot be mapped. */
    static String groupFor(String room) {
        return ChatProtocol.membersGroupFor(room);
    }

    /**
     * The display name of the {@code name} query parameter: without control and format characters,
     * trimmed, cut to {@value #MAX_NAME_CHARS} characters; none or nothing left: anonymous. Never
     * refused: the room protocol lets a query parameter inform the server, never change what it
     * sends back.
     */
    static String displayName(Optional<String> name) {
        StringBuilder kept = new StringBuilder();
        name.orElse("").codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(kept::appendCodePoint);
        String trimmed = kept.toString().strip();
        if (trimmed.isEmpty()) {
            return ANONYMOUS;
        }
        int cut = trimmed.offsetByCodePoints(0, Math.min(MAX_NAME_CHARS, trimmed.codePointCount(0, trimmed.length())));
        return trimmed.substring(0, cut).strip();
    }

    /** Whether {@code layer} keeps presence (the Redis pub/sub layer does not: rooms then have no members view). */
    static boolean kept(ChannelLayer layer) {
        return layer.presence().isPresent();
    }

    /**
     * The members view of {@code room} read from {@code layer}'s presence, or {@code null} (a 404)
     * for a room name that cannot be mapped or a layer that keeps no presence.
     */
    static CompletionStage<Map<String, Object>> answer(String room, ChannelLayer layer) {
        String group = groupFor(room);
        if (group == null || !kept(layer)) {
            return CompletableFuture.completedFuture(null);
        }
        return new Presence(layer).list(group).thenApply(listed -> view(room, listed));
    }

    /** The members view of {@code room} from its presence list (name -> the metadata of each connection). */
    static Map<String, Object> view(String room, Map<String, List<Map<String, Object>>> listed) {
        List<Map<String, Object>> members = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, List<Map<String, Object>>> member : listed.entrySet()) {
            members.add(Map.of("name", member.getKey(), "connections", member.getValue().size()));
            count += member.getValue().size();
        }
        return Map.of("room", room, "count", count, "members", members);
    }
}
