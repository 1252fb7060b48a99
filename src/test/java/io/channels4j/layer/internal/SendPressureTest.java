package io.channels4j.layer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.layer.GroupSendResult;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure in the in-memory layer: a group send made inside a sender's scope puts messages
 * beyond a full member's capacity (up to twice it) and tells the sender when the member has drained;
 * outside a scope, or with back-pressure off, or once the member is stalled, the capacity holds.
 */
class SendPressureTest {

    private static final int CAPACITY = 4;

    private InMemoryChannelLayer layer = layer(Duration.ofSeconds(5));
    private final SendPressure scope = new SendPressure();

    private static InMemoryChannelLayer layer(Duration wait) {
        return new InMemoryChannelLayer(LayerSettings.builder().capacity(CAPACITY).backPressureWait(wait).build());
    }

    @AfterEach
    void close() {
        layer.close();
    }

    private String member() {
        String ch = layer.newChannel("specific").toCompletableFuture().join();
        layer.groupAdd("room", ch).toCompletableFuture().join();
        return ch;
    }

    private GroupSendResult send(int n) {
        return layer.groupSend("room", Map.of("type", "t", "n", n), Set.of()).toCompletableFuture().join();
    }

    /** Group sends inside the scope; whether the scope recorded a full channel. */
    private boolean sendInScope(int from, int to) {
        scope.begin();
        try {
            for (int i = from; i <= to; i++) {
                assertEquals(0, send(i).skippedFull(), "message " + i + " was dropped");
            }
        } catch (AssertionError dropped) {
            scope.end();
            throw dropped;
        }
        return scope.end();
    }

    private int receive(String ch) {
        return ((Number) layer.receive(ch).toCompletableFuture().join().get("n")).intValue();
    }

    @Test
    void outsideAScopeAFullMemberDropsAsWithoutBackPressure() {
        member();
        for (int i = 1; i <= CAPACITY; i++) {
            assertEquals(1, send(i).delivered());
        }
        assertEquals(1, send(99).skippedFull(), "nobody would wait: the capacity holds");
        assertEquals(1, layer.stats().droppedFull());
    }

    @Test
    void insideAScopeAFullMemberKeepsTheMessageBeyondItsCapacityAndTheSenderIsTold() {
        String ch = member();
        assertFalse(sendInScope(1, CAPACITY), "within the capacity nothing is recorded");
        assertTrue(sendInScope(CAPACITY + 1, CAPACITY + 2), "beyond it the sender must wait");
        assertEquals(0, layer.stats().droppedFull());
        for (int i = 1; i <= CAPACITY + 2; i++) {
            assertEquals(i, receive(ch), "every message, in order");
        }
    }

    @Test
    void twiceTheCapacityIsTheMostAChannelHolds() {
        member();
        scope.begin();
        int full = 0;
        for (int i = 1; i <= 3 * CAPACITY; i++) {
            full += send(i).skippedFull();
        }
        assertTrue(scope.end());
        assertEquals(CAPACITY, full, "the messages beyond twice the capacity are dropped");
        assertEquals(CAPACITY, layer.stats().droppedFull());
    }

    @Test
    void theHoldEndsWhenTheChannelHasDrainedToHalfItsCapacity() throws Exception {
        String ch = member();
        assertTrue(sendInScope(1, CAPACITY + 1));
        CountDownLatch ended = new CountDownLatch(1);
        SendPressure.Hold hold = scope.hold(ended::countDown);
        receive(ch);
        receive(ch);
        assertFalse(hold.hasEnded(), "5 of 4 -> 3: not drained yet");
        receive(ch);
        assertTrue(ended.await(5, TimeUnit.SECONDS), "3 -> 2, half of 4: the sender goes on");
        assertTrue(hold.hasEnded());
    }

    @Test
    void aHoldOnChannelsThatDrainedAlreadyEndsAtOnce() {
        String ch = member();
        assertTrue(sendInScope(1, CAPACITY + 1));
        for (int i = 0; i < CAPACITY + 1; i++) {
            receive(ch);
        }
        AtomicInteger ended = new AtomicInteger();
        scope.hold(ended::incrementAndGet);
        assertEquals(1, ended.get());
    }

    @Test
    void whenTheWaitEndsTheFullChannelIsStalledUntilItDrains() throws Exception {
        layer.close();
        layer = layer(Duration.ofMillis(50));
        String ch = member();
        assertTrue(sendInScope(1, CAPACITY + 1));
        CountDownLatch ended = new CountDownLatch(1);
        scope.hold(ended::countDown);
        assertTrue(ended.await(5, TimeUnit.SECONDS), "the wait is bounded");
        scope.begin();
        GroupSendResult stalled = send(60);
        assertFalse(scope.end(), "a stalled channel does not make its senders wait");
        assertEquals(1, stalled.skippedFull(), "beyond the capacity of a stalled channel: dropped");
        for (int i = 0; i < 3; i++) {
            receive(ch);
        }
        assertTrue(sendInScope(70, 72), "drained to 2 of 4: no longer stalled, the third goes beyond the capacity");
        assertEquals(1, layer.stats().droppedFull(), "only the message sent while stalled was lost");
    }

    @Test
    void withBackPressureOffAScopeChangesNothing() {
        layer.close();
        layer = layer(Duration.ZERO);
        member();
        scope.begin();
        int full = 0;
        for (int i = 1; i <= CAPACITY + 1; i++) {
            full += send(i).skippedFull();
        }
        assertFalse(scope.end());
        assertEquals(1, full);
    }

    @Test
    void cancellingAHoldForgetsItsWatchers() {
        String ch = member();
        assertTrue(sendInScope(1, CAPACITY + 1));
        AtomicInteger ended = new AtomicInteger();
        SendPressure.Hold hold = scope.hold(ended::incrementAndGet);
        hold.cancel();
        for (int i = 0; i < CAPACITY + 1; i++) {
            receive(ch);
        }
        assertEquals(0, ended.get(), "a cancelled hold is not told");
        assertEquals(0, layer.stats().channels(), "nothing keeps the drained channel's buffer");
    }
}
