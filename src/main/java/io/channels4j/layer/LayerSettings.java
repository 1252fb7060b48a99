package io.channels4j.layer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings every channel layer shares, with the meaning and defaults of Django Channels:
 * {@code expiry} 60 s, {@code group_expiry} 86400 s, {@code capacity} 100, and
 * {@code channel_capacity}: glob patterns of channel names with their own capacity, first match
 * wins. Immutable; build with {@link #builder()}.
 *
 * <p>One more, of channels4j's own: {@code backPressureWait} (default 2 s; zero turns it off), how
 * long a connection whose frame made a group send that found members' channels full stops taking
 * frames while they drain. The in-memory layer honours it; see {@link InMemoryChannelLayer}.
 */
public final class LayerSettings {

    /** The settings with every default. */
    public static final LayerSettings DEFAULTS = builder().build();

    private final Duration expiry;
    private final Duration groupExpiry;
    private final int capacity;
    private final Map<String, Integer> channelCapacity;
    private final List<Pattern> capacityPatterns;
    private final List<Integer> capacityValues;
    private final Clock clock;
    private final Duration backPressureWait;

    private LayerSettings(Builder b) {
        this.backPressureWait = b.backPressureWait;
        this.expiry = b.expiry;
        this.groupExpiry = b.groupExpiry;
        this.capacity = b.capacity;
        this.channelCapacity = Collections.unmodifiableMap(new LinkedHashMap<>(b.channelCapacity));
        this.clock = b.clock;
        List<Pattern> patterns = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        b.channelCapacity.forEach((glob, cap) -> {
            patterns.add(globToRegex(glob));
            values.add(cap);
        });
        this.capacityPatterns = List.copyOf(patterns);
        this.capacityValues = List.copyOf(values);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long an undelivered message is kept. */
    public Duration expiry() {
        return expiry;
    }

    /** How long a group membership lasts unless it is added again. */
    public Duration groupExpiry() {
        return groupExpiry;
    }

    /** The capacity of a channel that no {@code channelCapacity} pattern matches. */
    public int capacity() {
        return capacity;
    }

    /** The per-pattern capacities, in the order they are tried. */
    public Map<String, Integer> channelCapacity() {
        return channelCapacity;
    }

    /** The clock used for expiry; tests may supply their own. */
    public Clock clock() {
        return clock;
    }

    /**
     * How long a connection waits, at most, for the full channels its frame's group send found
     * to drain before it takes its next frame; zero when back-pressure is off.
     */
    public Duration backPressureWait() {
        return backPressureWait;
    }

    /** The capacity of the named channel: the first matching pattern's, else {@link #capacity()}. */
    public int capacityFor(String channel) {
        for (int i = 0; i < capacityPatterns.size(); i++) {
            if (capacityPatterns.get(i).matcher(channel).matches()) {
                return capacityValues.get(i);
            }
        }
        return capacity;
    }

    @Override
    public String toString() {
        return "LayerSettings[expiry=" + expiry + ", groupExpiry=" + groupExpiry + ", capacity="
                + capacity + ", channelCapacity=" + channelCapacity + ", backPressureWait=" + backPressureWait + "]";
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Builds {@link LayerSettings}; every setter checks its value. */
    public static final class Builder {
        private Duration expiry = Duration.ofSeconds(60);
        private Duration groupExpiry = Duration.ofSeconds(86400);
        private int capacity = 100;
        private final Map<String, Integer> channelCapacity = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Duration backPressureWait = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * How long a connection whose frame's group send found members' channels full stops taking
         * frames while they drain (the messages for them wait beyond the capacity, up to twice it);
         * after that the channels still full drop what goes beyond their capacity, counted, until
         * they drain. {@link Duration#ZERO} turns back-pressure off: full members drop at once.
         */
        public Builder backPressureWait(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException("backPressureWait must be zero (off) or a positive duration, got "
                        + wait);
            }
            this.backPressureWait = wait;
            return this;
        }

        /** How long an undelivered message is kept; must be positive. */
        public Builder expiry(Duration expiry) {
            this.expiry = positive("expiry", expiry);
            return this;
        }

        /** How long a group membership lasts; must be positive. */
        public Builder groupExpiry(Duration groupExpiry) {
            this.groupExpiry = positive("groupExpiry", groupExpiry);
            return this;
        }

        /** The default capacity of a channel; must be at least 1. */
        public Builder capacity(int capacity) {
            this.capacity = atLeastOne("capacity", capacity);
            return this;
        }

        /**
         * Gives channels whose full name matches the glob {@code pattern} ({@code *} any run of
         * characters, {@code ?} one character) their own capacity. Patterns are tried in the order
         * they were added; the first match wins.
         */
        public Builder channelCapacity(String pattern, int capacity) {
            Objects.requireNonNull(pattern, "channelCapacity pattern must not be null");
            channelCapacity.put(pattern, atLeastOne("channelCapacity for '" + pattern + "'", capacity));
            return this;
        }

        /** The clock used for expiry (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** The immutable settings. */
        public LayerSettings build() {
            return new LayerSettings(this);
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
            }
            return d;
        }

        private static int atLeastOne(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + n);
            }
            return n;
        }
    }
}
