package io.channels4j.redis;

import io.channels4j.layer.ChannelNames;
import io.channels4j.layer.LayerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the parts of one {@link RedisChannelLayer} share: its settings, key space, codec, hosts,
 * local channels and counters, and its clock in the units Redis scores use (seconds as doubles).
 */
final class LayerContext {

    final LayerSettings settings;
    final KeySpace keys;
    final MessageCodec codec;
    final RedisHosts hosts;
    final LocalChannels local;
    final LongAdder droppedFull;
    final LongAdder expired;
    /** Members this layer popped but could not read (counted in {@code LayerStats.unreadable}). */
    final LongAdder unreadable = new LongAdder();
    private final String clientPrefix;
    private final Clock clock;
    private final AtomicLong lastScoreMicros = new AtomicLong();

    LayerContext(LayerSettings settings, KeySpace keys, MessageCodec codec, RedisHosts hosts, String clientPrefix) {
        this.settings = settings;
        this.keys = keys;
        this.codec = codec;
        this.hosts = hosts;
        this.clientPrefix = clientPrefix;
        this.clock = settings.clock();
        this.droppedFull = new LongAdder();
        this.expired = new LongAdder();
        this.local = new LocalChannels(settings, droppedFull, expired);
    }

    /** Whether {@code channel} was made by this layer instance's {@code newChannel}. */
    boolean isOwn(String channel) {
        return ChannelNames.isProcessLocal(channel) && ChannelNames.nonLocalName(channel).endsWith(clientPrefix + "!");
    }

    /**
     * A score for a message or membership: the clock in seconds, strictly increasing per layer
     * instance in steps of a microsecond, so one sender's messages keep their order in the queue.
     */
    double nextScore() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        return lastScoreMicros.updateAndGet(previous -> Math.max(previous + 1, now)) / 1e6;
    }

    /** Messages scored at or below this have expired. */
    double expiredBound() {
        return nowScore() - seconds(settings.expiry());
    }

    /** Memberships scored at or below this have lapsed. */
    double lapsedBound() {
        return nowScore() - seconds(settings.groupExpiry());
    }

    /** When a message scored {@code score} expires, in clock milliseconds. */
    long expiresAt(double score) {
        return (long) (score * 1000) + settings.expiry().toMillis();
    }

    long nowMillis() {
        return clock.millis();
    }

    /** The clock in whole seconds, as Fernet stamps tokens. */
    long nowSeconds() {
        return clock.millis() / 1000;
    }

    /** How old an encrypted message may be: the expiry plus 10 s, as channels_redis allows. */
    long tokenTtlSeconds() {
        return settings.expiry().toSeconds() + 10;
    }

    /** Counts {@code messages} as lost for {@code layer.up} when {@code failure} is an unreachable host. */
    void countLost(Throwable failure, long messages) {
        if (failure instanceof RedisHosts.HostUnreachableException) {
            hosts.availability().lost(messages);
        }
    }

    /** A number as a script argument. */
    static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    /** A score as a script argument (the shortest decimal that reads back as the same double). */
    static byte[] score(double seconds) {
        return Double.toString(seconds).getBytes(StandardCharsets.US_ASCII);
    }

    private double nowScore() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()) / 1e6;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
