package io.channels4j.layer;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The channel layer: named mailboxes ("channels") and named sets of channels ("groups") through
 * which consumers, and any other code, talk to each other, in one process or across many.
 *
 * <p>A message is a {@code Map<String, Object>} whose values are strings, numbers, booleans,
 * {@code null}, {@code byte[]}, lists and nested maps with string keys; a message that a consumer
 * should handle carries a {@code "type"} such as {@code "chat.message"}. Every message is copied
 * when it is sent: a receiver never sees a later change made by the sender, and the copy it gets
 * is read-only.
 *
 * <p>Names: a channel name matches {@code ^[a-zA-Z\d\-_.]+(![\d\w\-_.]*)?$}, a group name
 * {@code ^[a-zA-Z\d\-_.]+$}, both shorter than 100 characters; other names fail with
 * {@link InvalidNameException}. A name containing {@code !} is process-local: it was made by
 * {@link #newChannel(String)} of one layer instance, which alone receives on it.
 *
 * <p>Every method is asynchronous and never blocks the calling thread; failures (a full channel,
 * an unreachable store) complete the returned stage exceptionally. Argument errors (bad names,
 * messages that cannot travel) are thrown at once.
 *
 * <p>Capacity: each channel holds at most its capacity (default 100) of undelivered messages;
 * {@link #send} to a full channel fails with {@link ChannelFullException}, {@link #groupSend} skips
 * full members and counts them. Expiry: a message not received within the expiry (default 60 s)
 * is dropped and counted; a group membership lapses after the group expiry (default 86400 s)
 * unless it is added again.
 */
public interface ChannelLayer extends AutoCloseable {

    /**
     * Makes a new, unique, process-local channel name that this layer can receive on.
     *
     * @param prefix the name's start, e.g. {@code "specific"}; must itself be a valid channel name
     *     without {@code !}
     * @return a stage with the new name, e.g. {@code specific.3f2c…!9a1b…}
     */
    CompletionStage<String> newChannel(String prefix);

    /**
     * Queues a copy of {@code message} on {@code channel}.
     *
     * @return a stage that completes when the message is queued, or fails with
     *     {@link ChannelFullException} when the channel is at capacity
     * @throws InvalidNameException when the channel name breaks the naming rules
     * @throws InvalidMessageException when the message holds something a layer cannot carry
     */
    CompletionStage<Void> send(String channel, Map<String, ?> message);

    /**
     * Takes the next message from {@code channel}, waiting until one arrives. Messages come out in
     * the order they were queued. Cancelling the returned stage gives up the wait; a message that
     * arrives afterwards stays queued for the next receive.
     *
     * @return a stage with the read-only message
     * @throws InvalidNameException when the channel name breaks the naming rules
     */
    CompletionStage<Map<String, Object>> receive(String channel);

    /**
     * Adds {@code channel} to {@code group}, or refreshes its membership if it is already there.
     *
     * @throws InvalidNameException when either name breaks the naming rules
     */
    CompletionStage<Void> groupAdd(String group, String channel);

    /**
     * Removes {@code channel} from {@code group}; nothing happens when it is not a member.
     *
     * @throws InvalidNameException when either name breaks the naming rules
     */
    CompletionStage<Void> groupDiscard(String group, String channel);

    /**
     * Gives up {@code channel} for good, as channels4j does when a consumer's connection ends: the
     * channel leaves every group it joined through this layer instance, whichever code added it
     * (the consumer's own methods, its {@code channelLayer()}, an injected layer), and the messages
     * waiting for it in this process are dropped and counted as expired. Receives still waiting on
     * it are left alone. Releasing a channel that holds nothing, or releasing it twice, does
     * nothing. A layer tracks the memberships of the channels its own {@link #newChannel} made;
     * the in-memory layer tracks every channel.
     *
     * @return a stage that completes when the memberships are gone
     * @throws InvalidNameException when the channel name breaks the naming rules
     */
    CompletionStage<Void> releaseChannel(String channel);

    /**
     * Queues a copy of {@code message} on every member channel of {@code group}. Members whose
     * channel is full are skipped and counted; a group with no members is not an error.
     *
     * @return a stage with how many members got the message and how many were skipped
     * @throws InvalidNameException when the group name breaks the naming rules
     * @throws InvalidMessageException when the message holds something a layer cannot carry
     */
    default CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message) {
        return groupSend(group, message, Set.of());
    }

    /**
     * Like {@link #groupSend(String, Map)}, but no copy goes to the channels in {@code except}
     * (typically the sender's own channel), in the same one call: an excluded channel is neither
     * delivered to nor counted. Channels in {@code except} that are not members are ignored.
     *
     * @return a stage with how many members got the message and how many were skipped
     * @throws InvalidNameException when the group name breaks the naming rules
     * @throws InvalidMessageException when the message holds something a layer cannot carry
     * @throws UnsupportedOperationException when the layer cannot exclude members (the pub/sub layer)
     */
    CompletionStage<GroupSendResult> groupSend(String group, Map<String, ?> message, Set<String> except);

    /**
     * The channels in {@code group} now, of every process sharing the layer; lapsed memberships (past
     * the group expiry) are not listed. Django Channels has no such call; on Redis it reads the same
     * sorted set that {@code channels_redis} writes, so Django's members are listed too.
     *
     * @return a stage with the member channels, in no particular order; empty for an unknown group
     * @throws InvalidNameException when the group name breaks the naming rules
     * @throws UnsupportedOperationException when the layer keeps no shared membership (the pub/sub layer)
     */
    CompletionStage<Set<String>> groupMembers(String group);

    /**
     * How many channels are in {@code group} now: the size of {@link #groupMembers}, without
     * reading the names where the layer can count.
     *
     * @throws InvalidNameException when the group name breaks the naming rules
     * @throws UnsupportedOperationException when the layer keeps no shared membership (the pub/sub layer)
     */
    default CompletionStage<Integer> groupCount(String group) {
        return groupMembers(group).thenApply(Set::size);
    }

    /**
     * Adds {@code channel} again to every group it joined through this layer instance, so that a
     * channel in use does not lapse after the group expiry. channels4j calls it for each open
     * connection at half the {@link #groupExpiry()}. A layer whose memberships never lapse, or that
     * tracks none, does nothing: this default.
     *
     * @return a stage that completes when the memberships are refreshed
     * @throws InvalidNameException when the channel name breaks the naming rules
     */
    default CompletionStage<Void> refreshMemberships(String channel) {
        ChannelNames.requireValidChannel(channel);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * How long a membership lasts unless added again ({@code group_expiry}), or empty when
     * memberships never lapse: this default.
     */
    default java.util.Optional<java.time.Duration> groupExpiry() {
        return java.util.Optional.empty();
    }

    /**
     * Removes every channel's queued messages and every group. Receivers that are waiting keep
     * waiting. Meant for tests and maintenance.
     */
    CompletionStage<Void> flush();

    /** A snapshot of what this layer instance holds and has dropped. */
    LayerStats stats();

    /**
     * Registers {@code listener} to hear when this layer's backing store goes down and comes back.
     * A layer that has no store to lose (the in-memory layer) keeps no reference and never calls
     * it: this default does nothing.
     *
     * @return the registration, whose {@code remove()} unregisters the listener
     */
    default LayerListener.Registration addListener(LayerListener listener) {
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        return () -> { };
    }

    /**
     * Where this layer keeps presence ({@link io.channels4j.presence.Presence}), or empty when it
     * keeps none: this default. A layer with a store removes a channel's entries when the channel
     * is {@linkplain #releaseChannel released}.
     */
    default java.util.Optional<PresenceStore> presence() {
        return java.util.Optional.empty();
    }

    /** Releases the layer's timers, threads and connections; later calls fail. */
    @Override
    void close();
}
