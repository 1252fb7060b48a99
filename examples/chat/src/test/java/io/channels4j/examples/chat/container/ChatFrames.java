package io.channels4j.examples.chat.container;

import java.util.function.Predicate;

/**
 * The chat's frames as the real-server suites tell them apart: besides the chat messages, a
 * consumer sends a notification ({@code {"notify": [...]}}) once it has joined its room and again
 * whenever someone joins, so a notification may come between any two chat messages.
 */
final class ChatFrames {

    /** How a notification frame starts. */
    static final String NOTIFY = "{\"notify\"";

    /** Every frame but the notifications. */
    static final Predicate<String> CHAT = frame -> !frame.startsWith(NOTIFY);

    private ChatFrames() {
    }
}
