package io.channels4j.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What consumers running inside a server report to the test that drives them, such as the codes
 * their {@code disconnect} saw. Consumers are created by the container, so they report under a key
 * the test chose and passed along, usually as {@code ?id=...} in the URL (see {@link #newId()}).
 * Every wait is bounded.
 */
public final class Reports {

    private static final Map<String, List<Object>> BY_KEY = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private Reports() {
    }

    /** A connection id no other test uses. */
    public static String newId() {
        return "c" + IDS.incrementAndGet();
    }

    /** Records {@code value} as one occurrence of {@code what} for connection {@code id}. */
    public static void add(String id, String what, Object value) {
        BY_KEY.computeIfAbsent(id + "/" + what, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    /** Everything recorded so far as {@code what} for {@code id}, in order. */
    public static List<Object> all(String id, String what) {
        return List.copyOf(BY_KEY.getOrDefault(id + "/" + what, List.of()));
    }

    /** Waits up to 5 s for the first report of {@code what} for {@code id}, and returns it. */
    public static Object awaitFirst(String id, String what) {
        await("a report of " + what + " for " + id).atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> !all(id, what).isEmpty());
        return all(id, what).get(0);
    }

    /**
     * Waits up to 5 s for {@code what} to be reported for {@code id}, then checks for 200 ms that
     * no second report follows.
     *
     * @return the only value reported
     */
    public static Object awaitExactlyOnce(String id, String what) {
        Object first = awaitFirst(id, what);
        await(what + " for " + id + " staying reported once").during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(all(id, what)).as(what + " for " + id).hasSize(1));
        return first;
    }
}
