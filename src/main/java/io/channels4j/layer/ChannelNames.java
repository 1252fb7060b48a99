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
