package io.channels4j;

import io.channels4j.internal.UserGroups;
import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.GroupSendResult;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Reaches every connection of one user, on every node that shares the channel layer: from a JAX-RS
 * resource, a scheduled job, any bean (with CDI, {@code @Inject Users users}).
 *
 * <p>A connection whose scope has an authenticated user joins that user's group,
 * {@link #group(String) group(user.getName())}, before {@code connect()} runs, and leaves it when
 * it ends. An application that knows its users otherwise (a token, a session) joins the group
 * itself in {@code connect()}: {@code groupAdd(Users.group(key))}.
 *
 * <p>{@link #disconnectUser} sends {@code {"type": "channels4j.disconnect", "code": <code>}} to that
 * group; channels4j consumers close on it with that code (it never reaches a handler). A Django
 * process can send the same with {@code group_send}.
 */
public final class Users {

    /** The event type that closes the connections it reaches. */
    public static final String DISCONNECT_TYPE = UserGroups.DISCONNECT_TYPE;

    private final ChannelLayer layer;

    /** Users reached through {@code layer}, normally the application's layer. */
    public Users(ChannelLayer layer) {
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    /**
     * The group of {@code user}'s connections: {@code user_<name>} when the name is a valid group
     * name, else the deterministic mapping of {@link ChannelNames#group(String, String)}
     * ({@code user.u<hex of its UTF-8>} or {@code user.h<hash>}).
     *
     * @throws IllegalArgumentException when the name is null, blank or longer than 256 UTF-8 bytes
     */
    public static String group(String user) {
        return UserGroups.of(user);
    }

    /** Sends {@code message} (its {@code "type"} picks the handler) to every connection of {@code user}. */
    public CompletionStage<GroupSendResult> sendToUser(String user, Map<String, ?> message) {
        return layer.groupSend(group(user), message);
    }

    /**
     * Closes every connection of {@code user} with {@code code}; each one's {@code disconnect}
     * runs as for any close.
     *
     * @param code 1000, or an application code from 3000 to 4999
     * @throws IllegalArgumentException for another code
     */
    public CompletionStage<GroupSendResult> disconnectUser(String user, int code) {
        if (code != CloseCodes.NORMAL && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("disconnectUser takes 1000 or a code from 3000 to 4999, got " + code);
        }
        return layer.groupSend(group(user), Map.of("type", DISCONNECT_TYPE, "code", code));
    }
}
