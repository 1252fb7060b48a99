package io.channels4j.examples.chat;

import io.channels4j.layer.ChannelLayerException;
import io.channels4j.layer.ChannelNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The chat's wire rules, shared by the async and the sync consumer: what a room name and a client
 * frame may be, and the group a room maps to ({@code ChannelNames.group("chat", room)}:
 * {@code chat_<room>}, Django's tutorial naming, for names of group-name characters, and a
 * documented hex or hash form for any other name such as {@code 서울}, so other systems can
 * address a room).
 */
final class ChatProtocol {

    /** The longest message accepted, in characters. */
    static final int MAX_MESSAGE_CHARS = 2000;
    /** Close code for a room name that cannot be a group name. */
    static final int BAD_ROOM = 4400;

    private ChatProtocol() {
    }

    /** The group of {@code room}, or {@code null} when the room name cannot be mapped to one. */
    static String groupFor(String room) {
        return mapped("chat", room);
    }

    /** The notifications group of {@code room}, or {@code null} when the room name cannot be mapped. */
    static String notificationsGroupFor(String room) {
        return mapped("notifications", room);
    }

    /** The presence group of {@code room}, or {@code null} when the room name cannot be mapped. */
    static String membersGroupFor(String room) {
        return mapped("members", room);
    }

    /** Why a room name is refused (the close reason of {@link #BAD_ROOM}). */
    static String roomRule() {
        return "room names are 1-256 UTF-8 bytes, not only white space";
    }

    private static String mapped(String prefix, String room) {
        try {
            return ChannelNames.group(prefix, room);
        } catch (IllegalArgumentException unmappable) {
            return null;
        }
    }

    /**
     * The message of a client frame, or the error to answer with.
     *
     * @return a {@link Parsed} with exactly one of message or error set
     */
    static Parsed parse(Object content) {
        if (!(content instanceof Map<?, ?> map)) {
            return Parsed.error("send a JSON object like {\"message\": \"hello\"}");
        }
        Object message = map.get("message");
        if (message == null) {
            return Parsed.error("the object has no \"message\"");
        }
        if (!(message instanceof String text)) {
            return Parsed.error("\"message\" must be a string");
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            return Parsed.error("\"message\" is longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        return new Parsed(text, null);
    }

    /** The frame telling a browser that the channel layer's store (Redis) went away. */
    static Map<String, Object> reconnecting() {
        return Map.of("status", "reconnecting");
    }

    /**
     * The frame telling a browser that the channel layer is back, with how many messages this
     * chat process could not pass on meanwhile (their senders were told).
     */
    static Map<String, Object> back(Object lost) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("status", "back");
        frame.put("lost", lost);
        return frame;
    }

    /**
     * Whether {@code failure} of a layer call means the layer's store is unreachable (the message
     * was not delivered, the sender should be told) rather than a bug.
     */
    static boolean layerUnavailable(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ChannelLayerException;
    }

    /** The frame answering a message that could not be passed on because the layer is down. */
    static Map<String, Object> notDelivered() {
        return Map.of("error", "not delivered: the chat lost its connection to Redis; send it again when it is back");
    }

    /** A parsed frame: the message, or an error. */
    record Parsed(String message, String error) {
        static Parsed error(String error) {
            return new Parsed(null, error);
        }

        /** The frame to answer an invalid message with. */
        Map<String, Object> errorFrame() {
            return Map.of("error", error);
        }
    }
}
