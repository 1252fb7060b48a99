package io.channels4j.internal;

import io.channels4j.layer.ChannelNames;

/** The per-user groups behind {@code io.channels4j.Users}: their names, and the event that closes their connections. */
public final class UserGroups {

    /** The event type that closes the connections it reaches. */
    public static final String DISCONNECT_TYPE = "channels4j.disconnect";

    private UserGroups() {
    }

    /** The group of {@code user}'s connections (see {@code Users.group}). */
    public static String of(String user) {
        return ChannelNames.group("user", user);
    }
}
