package io.channels4j.redis;

import io.channels4j.layer.ChannelNames;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Where things live in Redis, as channels_redis 4.0 lays them out: key names under the prefix,
 * and which host of a sharded set holds each key.
 */
final class KeySpace {

    private static final String GROUP_INFIX = ":group:";
    private static final String PRESENCE_INFIX = ":presence:";
    private static final String BACKUP_SUFFIX = "$inflight";
    private static final String NODE_INFIX = ":node:";
    private static final String NODES_SUFFIX = ":nodes";

    private final String prefix;
    private final int hosts;

    KeySpace(String prefix, int hosts) {
        this.prefix = prefix;
        this.hosts = hosts;
    }

    /** The sorted set queueing a channel's messages: prefix + the channel's non-local name, no separator. */
    String queue(String channel) {
        return prefix + ChannelNames.nonLocalName(channel);
    }

    /** The sorted set of a group's member channels: {@code prefix:group:name}. */
    String group(String group) {
        return prefix + GROUP_INFIX + group;
    }

    /** The hash of a group's presence entries (field: channel): {@code prefix:presence:name}. */
    String presence(String group) {
        return prefix + PRESENCE_INFIX + group;
    }

    /** The group of a presence key. */
    String groupOfPresence(String presenceKey) {
        return presenceKey.substring(prefix.length() + PRESENCE_INFIX.length());
    }

    /** The glob matching every presence key: {@code prefix:presence:*}. */
    String everyPresencePattern() {
        return escapedPrefix().append(PRESENCE_INFIX).append('*').toString();
    }

    /** The in-flight backup of a queue key. */
    static String backup(String queueKey) {
        return queueKey + BACKUP_SUFFIX;
    }

    /** The glob matching every key under the prefix, with the prefix's own glob characters escaped. */
    String everyKeyPattern() {
        return escapedPrefix().append('*').toString();
    }

    /** The glob matching every group key: {@code prefix:group:*}. */
    String everyGroupPattern() {
        return escapedPrefix().append(GROUP_INFIX).append('*').toString();
    }

    /** A channels4j node's heartbeat key: {@code prefix:node:<client prefix>}, set to expire after the node timeout. */
    String node(String clientPrefix) {
        return nodeKeyStart() + clientPrefix;
    }

    /** What every heartbeat key starts with. */
    String nodeKeyStart() {
        return prefix + NODE_INFIX;
    }

    /** The sorted set of channels4j nodes that beat (score: their last beat, ms): {@code prefix:nodes}. */
    String nodes() {
        return prefix + NODES_SUFFIX;
    }

    private StringBuilder escapedPrefix() {
        StringBuilder glob = new StringBuilder(prefix.length() + 16);
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                glob.append('\\');
            }
            glob.append(c);
        }
        return glob;
    }

    /** The host of a group. */
    int hostOfGroup(String group) {
        return shard(group, hosts);
    }

    /**
     * The host of a channel's queue, for a process-local channel or a group member: the host of
     * its non-local name (hashing the full name, as channels_redis 4.0's {@code send} does, would
     * put a direct send on another host than its receiver's).
     */
    int hostOfQueue(String channel) {
        return shard(ChannelNames.nonLocalName(channel), hosts);
    }

    /** How many hosts share the keys. */
    int hosts() {
        return hosts;
    }

    /**
     * The shard of {@code name} among {@code hosts}: the low 12 bits of the CRC-32 of its UTF-8
     * bytes, scaled down to the host count in floating point, as channels_redis computes it.
     */
    static int shard(String name, int hosts) {
        if (hosts == 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        long ring = crc.getValue() & 0xFFF;
        return (int) (ring / (4096 / (double) hosts));
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
