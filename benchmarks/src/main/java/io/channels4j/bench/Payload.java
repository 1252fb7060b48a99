package io.channels4j.bench;

/**
 * The chat frames the generator sends and reads. A message is {@code <sender>:<seq>:<nanos>:<pad>}
 * (sender id, sequence number from 0, send time from this process's {@code System.nanoTime()},
 * padding to the wanted size); the frame is {@code {"message": "..."}} both ways.
 */
final class Payload {

    private static final String KEY = "\"message\"";

    private Payload() {
    }

    static String frame(int sender, int seq, long nanos, String pad) {
        return "{\"message\":\"" + sender + ':' + seq + ':' + nanos + ':' + pad + "\"}";
    }

    /** Padding that makes frames about {@code bytes} long. */
    static String pad(int bytes) {
        return "x".repeat(Math.max(0, bytes - 48));
    }

    /**
     * Reads a frame's message into {@code out} = {sender, seq, nanos}; false when the frame is not
     * a chat message of ours (a notification, an error frame).
     */
    static boolean parse(CharSequence frame, long[] out) {
        int k = indexOf(frame, KEY);
        if (k < 0) {
            return false;
        }
        int i = k + KEY.length();
        int n = frame.length();
        while (i < n && frame.charAt(i) != '"') {
            i++;
        }
        i++;
        for (int field = 0; field < 3; field++) {
            long v = 0;
            int start = i;
            while (i < n && frame.charAt(i) >= '0' && frame.charAt(i) <= '9') {
                v = v * 10 + (frame.charAt(i++) - '0');
            }
            if (i == start || i >= n || frame.charAt(i) != ':') {
                return false;
            }
            out[field] = v;
            i++;
        }
        return true;
    }

    private static int indexOf(CharSequence s, String key) {
        if (s instanceof String str) {
            return str.indexOf(key);
        }
        return s.toString().indexOf(key);
    }
}
