package io.channels4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Numbered chat messages ({@code "<sender>:<n>"}) sent by several clients at once, and the checks
 * that every receiver got each sender's messages exactly once and in order.
 */
final class RoomTraffic {

    private static final Pattern MESSAGE = Pattern.compile("\\{\"message\":\"([^\"]*)\"}");
    private static final Pattern DROPPED = Pattern.compile("\"dropped\":(\\d+)");

    private RoomTraffic() {
    }

    /** Each sender sends {@code "<name>:<from>"} .. {@code "<name>:<to - 1>"} as fast as it can, all at once. */
    static void sendAll(Map<String, Client> senders, int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<?>> sending = new ArrayList<>();
            senders.forEach((name, client) -> sending.add(pool.submit(() -> {
                for (int n = from; n < to; n++) {
                    client.send("{\"message\": \"" + name + ":" + n + "\"}");
                }
            })));
            for (Future<?> f : sending) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Takes {@code count} chat messages from {@code receiver} (each within {@code wait}) and
     * returns them by sender, in arrival order.
     */
    static Map<String, List<Integer>> receive(Client receiver, int count, Duration wait) {
        Map<String, List<Integer>> bySender = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Numbered m = parse(receiver.nextMessage(wait));
            bySender.computeIfAbsent(m.sender(), s -> new ArrayList<>()).add(m.n());
        }
        return bySender;
    }

    /** A numbered chat message: who sent it and its number. */
    record Numbered(String sender, int n) {
    }

    /** Reads {@code {"message":"<sender>:<n>"}}. */
    static Numbered parse(String frame) {
        Matcher m = MESSAGE.matcher(frame);
        assertThat(m.matches()).as("a chat message frame: " + frame).isTrue();
        String text = m.group(1);
        int colon = text.lastIndexOf(':');
        assertThat(colon).as("a numbered message: " + text).isPositive();
        return new Numbered(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    /** {@code from} .. {@code to - 1}. */
    static List<Integer> numbers(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** The {@code dropped} count of a chat node's {@code /stats}. */
    static long dropped(URI http) throws Exception {
        HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("stats"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = DROPPED.matcher(stats.body());
        assertThat(m.find()).as("/stats has dropped: " + stats.body()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
