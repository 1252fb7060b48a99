/**
 * Who is here, with metadata, Phoenix-style: {@link io.channels4j.presence.Presence} tracks
 * connections in groups under keys (usually users), lists them, and tells the group's consumers
 * that handle {@code presence.diff} who joined and who left. Entries are removed when their
 * connection ends and, on the Redis layer, when their node dies. See {@code docs/presence.md}.
 */
package io.channels4j.presence;
