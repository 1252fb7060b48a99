package io.channels4j;

import io.channels4j.internal.Runtimes;

/**
 * What an application's consumers and its channel layer are doing now, for an operator's
 * {@code /stats} page and for leak checks: after every client has gone, {@code connections},
 * {@code groups} and {@code channels} are back to zero. Nothing is dropped silently: every frame
 * or message that was not delivered is counted in {@code dropped}.
 *
 * @param connections connections open now
 * @param groups groups the layer holds now
 * @param channels channels the layer holds now
 * @param messagesIn frames received from clients since start
 * @param messagesOut frames written to clients since start
 * @param events channel-layer events handed to consumers since start
 * @param dropped frames and messages not delivered: outbound overflow or client gone, channel
 *     full, expired, or unreadable in the layer
 */
public record ConsumerStats(long connections, int groups, int channels, long messagesIn, long messagesOut,
                            long events, long dropped) {

    /**
     * The stats of this application's consumers in a Jakarta EE server (those using the CDI
     * channel layer bean), or of the process's default runtime elsewhere. An embedded server
     * reports its own through {@code EmbeddedServer.stats()}.
     */
    public static ConsumerStats current() {
        return Runtimes.forApplication().stats();
    }

    /** The stats as a JSON object. */
    public String toJson() {
        return "{\"connections\":" + connections + ",\"groups\":" + groups + ",\"channels\":" + channels
                + ",\"messagesIn\":" + messagesIn + ",\"messagesOut\":" + messagesOut + ",\"events\":" + events
                + ",\"dropped\":" + dropped + "}";
    }
}
