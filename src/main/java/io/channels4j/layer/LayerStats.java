package io.channels4j.layer;

/**
 * A snapshot of what a channel layer holds and has dropped, for operators and tests: after every
 * connection has gone, {@code groups} and {@code channels} are back to zero.
 *
 * @param groups groups with at least one member, as this layer instance sees them
 * @param channels channels this layer instance holds state for (queued messages or a waiting receiver)
 * @param droppedFull messages not queued because the target channel was full (sends and group sends)
 * @param expired messages dropped because nobody received them within the expiry
 * @param unreadable messages from elsewhere (another process, a Django peer) dropped because this
 *     layer could not read them: not a message, encrypted with other keys, or nested deeper than
 *     {@link Messages#MAX_DEPTH}; always 0 for a layer that only carries its own process's messages
 */
public record LayerStats(int groups, int channels, long droppedFull, long expired, long unreadable) {

    /** A snapshot of a layer that has dropped nothing as unreadable. */
    public LayerStats(int groups, int channels, long droppedFull, long expired) {
        this(groups, channels, droppedFull, expired, 0);
    }
}
