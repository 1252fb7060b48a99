package io.channels4j.layer;

/**
 * What a {@link ChannelLayer#groupSend} did: how many member channels the message was queued for,
 * and how many members were skipped because their channel was full. Skipped members are also
 * counted in {@link LayerStats#droppedFull()}; nothing is dropped silently.
 *
 * @param delivered members the message was queued for
 * @param skippedFull members skipped because their channel was at capacity
 */
public record GroupSendResult(int delivered, int skippedFull) {

    /** The result of sending to a group with no members. */
    public static final GroupSendResult EMPTY = new GroupSendResult(0, 0);
}
