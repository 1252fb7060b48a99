package io.channels4j.redis;

import io.channels4j.layer.internal.Digests;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts that make each multi-step operation one atomic round trip. Scores are given as
 * strings (Redis parses them as doubles); "removal bound" is the newest score that counts as
 * expired, removed inclusively. A capacity of 0 means "do not check" (the sender checked itself).
 */
final class Scripts {

    private Scripts() {
    }

    /** KEYS: queue. ARGV: member, score, removal bound, capacity, expiry ms. Returns {queued 0|1, expired}. */
    static final Script SEND = new Script("""
            local expired = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            local capacity = tonumber(ARGV[4])
            if capacity > 0 and redis.call('ZCOUNT', KEYS[1], '-inf', '+inf') >= capacity then
              return {0, expired}
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return {1, expired}
            """);

    /** KEYS: group. ARGV: removal bound. Drops lapsed memberships; returns the member channels. */
    static final Script GROUP_MEMBERS = new Script("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """);

    /** KEYS: group. ARGV: removal bound. Drops lapsed memberships; returns how many channels remain. */
    static final Script GROUP_COUNT = new Script("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            return redis.call('ZCARD', KEYS[1])
            """);

    /**
     * KEYS: queue keys of one host. ARGV: score, removal bound, expiry ms, then per key its member
     * and capacity. Returns {expired, then per key 1 if queued, 0 if over capacity}.
     */
    static final Script GROUP_DELIVER = new Script("""
            local result = {0}
            for i = 1, #KEYS do
              result[1] = result[1] + redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[2])
              local capacity = tonumber(ARGV[3 + 2 * i])
              if capacity > 0 and redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') >= capacity then
                result[i + 1] = 0
              else
                redis.call('ZADD', KEYS[i], ARGV[1], ARGV[2 + 2 * i])
                redis.call('PEXPIRE', KEYS[i], ARGV[3])
                result[i + 1] = 1
              end
            end
            return result
            """);

    /** KEYS: queue, backup. Moves every backed-up member back into the queue with its score. */
    static final Script RESTORE = new Script("""
            local backed = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
            for i = 1, #backed, 2 do
              redis.call('ZADD', KEYS[1], backed[i + 1], backed[i])
            end
            redis.call('DEL', KEYS[2])
            return #backed / 2
            """);

    /**
     * KEYS: queue, backup. ARGV: the member a BZPOPMIN just took, its score, how many more to take.
     * Backs up the member, pops up to that many more (backing them up too) and returns them as
     * member, score, member, score...
     */
    static final Script TAKE_MORE = new Script("""
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            local more = redis.call('ZPOPMIN', KEYS[1], ARGV[3])
            for i = 1, #more, 2 do
              redis.call('ZADD', KEYS[2], more[i + 1], more[i])
            end
            return more
            """);

    /**
     * KEYS: the node's heartbeat key, the node registry. ARGV: client prefix, timeout ms. Sets the
     * heartbeat key (Redis's clock, in ms) to expire after the timeout and registers the node;
     * returns 1 when the registry did not hold it (first beat, or pruned meanwhile), else 0.
     */
    static final Script HEARTBEAT = new Script("""
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            redis.call('SET', KEYS[1], now, 'PX', ARGV[2])
            return redis.call('ZADD', KEYS[2], now, ARGV[1])
            """);

    /**
     * KEYS: the node registry. ARGV: the heartbeat keys' common start. Removes and returns the
     * registered nodes whose heartbeat key expired: each lapsed node is returned to one caller only.
     */
    static final Script CLAIM_LAPSED = new Script("""
            local lapsed = {}
            for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if redis.call('EXISTS', ARGV[1] .. node) == 0 then
                redis.call('ZREM', KEYS[1], node)
                table.insert(lapsed, node)
              end
            end
            return lapsed
            """);

    /**
     * ARGV: the glob of the group keys, the marker of the node's channels ({@code .<client prefix>!}).
     * Removes every member holding the marker from every group; returns {groups touched, removed}.
     */
    static final Script PRUNE_NODE = new Script("""
            local cursor, groups, removed = '0', 0, 0
            repeat
              local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 500)
              cursor = page[1]
              for _, key in ipairs(page[2]) do
                local n = 0
                for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
                  if string.find(member, ARGV[2], 1, true) then
                    n = n + redis.call('ZREM', key, member)
                  end
                end
                if n > 0 then
                  groups = groups + 1
                  removed = removed + n
                end
              end
            until cursor == '0'
            return {groups, removed}
            """);

    /**
     * KEYS: a group's presence hash. ARGV: the channel, its entry, the hash's expiry (ms). Sets the
     * entry and the expiry; returns the entry it replaced, or nil.
     */
    static final Script PRESENCE_TRACK = new Script("""
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return old
            """);

    /** KEYS: a group's presence hash. ARGV: the channel. Removes its entry; returns it, or nil. */
    static final Script PRESENCE_UNTRACK = new Script("""
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then
              redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return old
            """);

    /**
     * ARGV: the glob of the presence keys, the marker of the node's channels. Removes the entries
     * of every channel holding the marker; returns {key, entry, key, entry, ...} of those removed.
     */
    static final Script PRUNE_PRESENCE = new Script("""
            local cursor, removed = '0', {}
            repeat
              local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 500)
              cursor = page[1]
              for _, key in ipairs(page[2]) do
                local fields = redis.call('HGETALL', key)
                for i = 1, #fields, 2 do
                  if string.find(fields[i], ARGV[2], 1, true) then
                    redis.call('HDEL', key, fields[i])
                    removed[#removed + 1] = key
                    removed[#removed + 1] = fields[i + 1]
                  end
                end
              end
            until cursor == '0'
            return removed
            """);

    /** One script, run by its SHA-1 and sent in full only when the server does not know it (yet, or after a restart). */
    static final class Script {
        private final String text;
        private final String sha;

        Script(String text) {
            this.text = text;
            this.sha = sha1(text);
        }

        <T> CompletionStage<T> run(RedisAsyncCommands<byte[], byte[]> redis, ScriptOutputType type, byte[][] keys,
                                   byte[]... args) {
            CompletableFuture<T> bySha = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
            return bySha.handle((result, failure) -> {
                if (failure == null) {
                    return CompletableFuture.completedFuture(result);
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof RedisNoScriptException) {
                    return redis.<T>eval(text, type, keys, args).toCompletableFuture();
                }
                return CompletableFuture.<T>failedFuture(cause);
            }).thenCompose(stage -> stage);
        }

        private static String sha1(String text) {
            return HexFormat.of().formatHex(Digests.sha1(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
