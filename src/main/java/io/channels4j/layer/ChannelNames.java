package io.channels4j.layer;

import java.util.regex.Pattern;

/**
 * The naming rules every channel layer enforces, shared with Python's {@code channels_redis} so
 * both sides accept the same names.
 */
public final class ChannelNames {

    /** Names must be shorter than this. */
    public static final int MAX_LENGTH = 100;

    private static final String CHANNEL_RULE = "^[a-zA-Z\\d\\-_.]+(![\\d\\w\\-_.]*)?$";
    private static final String GROUP_RULE = "^[a-zA-Z\\d\\-_.]+$";
    private static final Pattern CHANNEL = Pattern.compile(CHANNEL_RULE);
    private static final Pattern GROUP = Pattern.compile(GROUP_RULE);

    private ChannelNames() {
    }

    /**
     * Checks a channel name.
     *
     * @return the name, for chaining
     * @throws InvalidNameException naming the rule the name breaks
     */
    public static String requireValidChannel(String name) {
        if (name != null && name.length() < MAX_LENGTH && matchesChannelRule(name)) {
            return name;
        }
        return require("channel", name, CHANNEL, CHANNEL_RULE);
    }

    /**
     * Checks a group name.
     *
     * @return the name, for chaining
     * @throws InvalidNameException naming the rule the name breaks
     */
    public static String requireValidGroup(String name) {
        if (name != null && name.length() < MAX_LENGTH && matchesGroupRule(name)) {
            return name;
        }
        return require("group", name, GROUP, GROUP_RULE);
    }

    /**
     * A valid group name for {@code name} under {@code prefix}, for names that people choose (a chat
     * room called {@code 서울}); the same arguments always give the same group, so other code (a
     * Django view, a batch job) can address it. Within one prefix, different names give different
     * groups:
     * <ul>
     *   <li>{@code prefix + "_" + name} when {@code name} is ASCII letters, digits, {@code -},
     *       {@code _} and {@code .} and the result is shorter than {@link #MAX_LENGTH}: Django's
     *       tutorial naming ({@code group("chat", "lobby")} is {@code chat_lobby});</li>
     *   <li>otherwise {@code prefix + ".u" +} the lowercase hex of the name's UTF-8 bytes when that
     *       is shorter than {@link #MAX_LENGTH} ({@code group("chat", "방")} is
     *       {@code chat.uebb0a9});</li>
     *   <li>otherwise {@code prefix + ".h" +} the first 32 hex characters of the SHA-256 of those
     *       bytes.</li>
     * </ul>
     * The name is taken as it is: no trimming, no case folding, no Unicode normalization.
     *
     * @param prefix 1-65 of ASCII letters, digits, {@code -}, {@code _}, {@code .}
     * @param name any text of 1-256 UTF-8 bytes that is not only white space
     * @return a name that {@link #requireValidGroup} accepts
     * @throws IllegalArgumentException when the prefix is not such a prefix, or the name is null,
     *     blank, longer than 256 UTF-8 bytes or holds a lone surrogate; the message says which
     */
    public static String group(String prefix, String name) {
        return GroupNameMapping.group(prefix, name);
    }

    /**
     * Checks the names of a membership call ({@code groupAdd}, {@code groupDiscard}).
     *
     * @throws InvalidNameException naming the rule the group, or else the channel, breaks
     */
    public static void requireValidMembership(String group, String channel) {
        requireValidGroup(group);
        requireValidChannel(channel);
    }

    /**
     * Checks the prefix given to {@code newChannel}: a valid channel name without {@code !} (the
     * layer adds the process-local part).
     *
     * @return the prefix, for chaining
     * @throws InvalidNameException naming the rule the prefix breaks
     */
    public static String requireValidPrefix(String prefix) {
        requireValidChannel(prefix);
        if (isProcessLocal(prefix)) {
            throw new InvalidNameException("channel prefix '" + prefix + "' must not contain '!'");
        }
        return prefix;
    }

    /** Whether the (valid) channel name is process-local, i.e. contains {@code !}. */
    public static boolean isProcessLocal(String channel) {
        return channel.indexOf('!') >= 0;
    }

    /**
     * The non-local part of a channel name: up to and including the {@code !} for a process-local
     * channel, the whole name otherwise.
     */
    public static String nonLocalName(String channel) {
        int bang = channel.indexOf('!');
        return bang < 0 ? channel : channel.substring(0, bang + 1);
    }

    /**
     * {@link #CHANNEL_RULE} without a regex (layers check a name on every receive): name
     * characters, then optionally one {@code !} followed by more of them. Java's {@code \\d} and
     * {@code \\w} are ASCII-only, as here.
     */
    static boolean matchesChannelRule(String name) {
        int bang = name.indexOf('!');
        int end = bang < 0 ? name.length() : bang;
        return end > 0 && allNameChars(name, 0, end) && (bang < 0 || allNameChars(name, bang + 1, name.length()));
    }

    /** {@link #GROUP_RULE} without a regex. */
    static boolean matchesGroupRule(String name) {
        return !name.isEmpty() && allNameChars(name, 0, name.length());
    }

    private static boolean allNameChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static String require(String kind, String name, Pattern rule, String ruleText) {
        if (name == null) {
            throw new InvalidNameException(kind + " name must not be null");
        }
        if (name.length() >= MAX_LENGTH) {
            throw new InvalidNameException(kind + " name must be shorter than " + MAX_LENGTH
                    + " characters, got " + name.length() + ": '" + abbreviate(name) + "'");
        }
        if (!rule.matcher(name).matches()) {
            throw new InvalidNameException(kind + " name '" + abbreviate(name)
                    + "' must match " + ruleText + " (ASCII letters, digits, '-', '_', '.'"
                    + ("channel".equals(kind) ? ", and one '!' for process-local channels)" : ")"));
        }
        return name;
    }

    private static String abbreviate(String name) {
        return name.length() <= 120 ? name : name.substring(0, 117) + "...";
    }
}
