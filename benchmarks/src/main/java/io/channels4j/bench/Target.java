package io.channels4j.bench;

import java.net.URI;

/**
 * The server a scenario measures and how it is reached, read from the flags every scenario takes:
 * {@code --url} (its base WebSocket URL, or several separated by commas for a server of several
 * nodes; default {@code ws://127.0.0.1:8080}), {@code --path} (a room's path, {@code {room}}
 * standing for the room's name; default {@code /ws/chat/{room}/}), {@code --stats} (its stats
 * URL, or none), {@code --server-pid} (its process ids, for its CPU and memory, or none) and
 * {@code --client} (the client library that dials it: netty, the default, or jdk).
 *
 * @param bases the server's base WebSocket URLs, one a node
 * @param path a room's path, {@code {room}} standing for the room's name
 * @param statsUrl the stats URL ({@link ServerStats}), empty when not given
 * @param server the server's processes, or null when {@code --server-pid} is not given
 * @param clientName the client library that dials the server
 */
record Target(String[] bases, String path, String statsUrl, Proc server, String clientName) {

    /** Reads the flags above from {@code o}. */
    static Target read(Options o) {
        String[] bases = o.string("url", "ws://127.0.0.1:8080").split(",");
        for (int i = 0; i < bases.length; i++) {
            bases[i] = bases[i].trim();
        }
        return new Target(bases, o.string("path", "/ws/chat/{room}/"), o.string("stats", ""),
                Proc.of(o.string("server-pid", "")), o.string("client", "netty"));
    }

    /** The URL of room {@code room} on the first (or only) server URL. */
    URI room(String room) {
        return room(0, room);
    }

    /** The URL of room {@code room} on the server URLs in turn: {@code node} counts round them. */
    URI room(int node, String room) {
        return URI.create(bases[node % bases.length] + path.replace("{room}", room));
    }

    /** A new client of the library {@code --client} names, with {@code threads} I/O threads. */
    Client client(int threads) {
        return Client.create(clientName, threads);
    }

    /** A new meter of one measured window on this server. */
    Meter meter() {
        return new Meter(server, statsUrl);
    }
}
