package io.channels4j.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's counters from its stats endpoint: a flat JSON object of numbers (channels4j's
 * {@code /stats}: connections, groups, channels, messagesIn, messagesOut, events, dropped; the
 * raw baseline and the Django peer serve the same shape with what they know).
 */
final class ServerStats {

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerStats() {
    }

    /**
     * The counters, or an empty map when {@code urls} is null or empty; several URLs separated by
     * commas (a server of several nodes) give each counter's sum. An unreachable node adds
     * {@code unreachable: 1}.
     */
    static Map<String, Long> fetch(String urls) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (urls == null || urls.isEmpty()) {
            return out;
        }
        for (String url : urls.split(",")) {
            fetchOne(url.trim()).forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return out;
    }

    private static Map<String, Long> fetchOne(String url) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = NUMBER.matcher(r.body());
            while (m.find()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        } catch (java.io.IOException e) {
            out.put("unreachable", 1L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** {@code after - before} for each counter. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }
}
