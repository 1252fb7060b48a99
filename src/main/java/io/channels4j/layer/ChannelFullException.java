package io.channels4j.layer;

/**
 * {@link ChannelLayer#send} found the channel holding as many messages as its capacity allows.
 * The message was not queued. {@link ChannelLayer#groupSend} never throws this: it skips full
 * members and counts them in its {@link GroupSendResult}.
 */
public class ChannelFullException extends ChannelLayerException {

    private final String channel;
    private final int capacity;

    /** Creates the exception for the named channel and the capacity it reached. */
    public ChannelFullException(String channel, int capacity) {
        super("channel full: '" + channel + "' already holds " + capacity
                + " undelivered messages (its capacity); the receiver is not keeping up");
        this.channel = channel;
        this.capacity = capacity;
    }

    /** The channel that was full. */
    public String channel() {
        return channel;
    }

    /** The capacity it had reached. */
    public int capacity() {
        return capacity;
    }
}
