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
        return require("channel", name, CHANNEL, CHANNEL_RULE);
    }

    /**
     * Checks a group name.
     *
     * @return the name, for chaining
     * @throws InvalidNameException naming the rule the name breaks
     */
    public static String requireValidGroup(String name) {
        return require("group", name, GROUP, GROUP_RULE);
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
