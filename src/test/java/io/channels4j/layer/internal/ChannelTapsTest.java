package io.channels4j.layer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.layer.ChannelFullException;
import io.channels4j.layer.InMemoryChannelLayer;
import io.channels4j.layer.LayerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A tapped channel of the in-memory layer: straight to its receiver within the credit, buffered beyond it, in order. */
class ChannelTapsTest {

    private final InMemoryChannelLayer layer = new InMemoryChannelLayer(LayerSettings.builder().capacity(5).build());
    private final ChannelTaps taps = ChannelTaps.of(layer).orElseThrow();
    private final List<Object> got = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        layer.close();
    }

    private String channel() {
        return layer.newChannel("specific").toCompletableFuture().join();
    }

    private static Map<String, Object> message(int n) {
        return Map.of("type", "t", "n", n);
    }

    private List<Object> numbers() {
        synchronized (got) {
            return got.stream().<Object>map(m -> ((Map<?, ?>) m).get("n")).toList();
        }
    }

    @Test
    void aLayerThatRegisteredNoTapsHasNone() {
        assertTrue(ChannelTaps.of(new Object()).isEmpty());
    }

    @Test
    void messagesGoStraightToTheReceiverWithinItsCreditThenWaitInTheChannel() {
        String ch = channel();
        taps.tap(ch, got::add, 2);
        for (int i = 1; i <= 4; i++) {
            layer.send(ch, message(i)).toCompletableFuture().join();
        }
        assertEquals(List.of(1, 2), numbers(), "two of credit: two handed on");
        assertEquals(1, layer.stats().channels(), "the others wait in the channel");
        taps.grant(ch, 1);
        assertEquals(List.of(1, 2, 3), numbers(), "a grant hands on the oldest waiting first");
        taps.grant(ch, 5);
        layer.send(ch, message(5)).toCompletableFuture().join();
        assertEquals(List.of(1, 2, 3, 4, 5), numbers());
    }

    @Test
    void aReceiverOutOfCreditMakesTheChannelFillUpToItsCapacityAndRefuseThen() {
        String ch = channel();
        taps.tap(ch, got::add, 0);
        for (int i = 1; i <= 5; i++) {
            layer.send(ch, message(i)).toCompletableFuture().join();
        }
        CompletionException full = assertThrows(CompletionException.class,
                () -> layer.send(ch, message(6)).toCompletableFuture().join());
        assertTrue(full.getCause() instanceof ChannelFullException, full.toString());
        assertEquals(List.of(), numbers());
        taps.grant(ch, 10);
        assertEquals(List.of(1, 2, 3, 4, 5), numbers());
    }

    @Test
    void groupSendsReachATappedMemberAndCountItsRefusals() {
        String ch = channel();
        layer.groupAdd("room", ch).toCompletableFuture().join();
        taps.tap(ch, got::add, 1);
        for (int i = 1; i <= 7; i++) {
            layer.groupSend("room", message(i), Set.of()).toCompletableFuture().join();
        }
        assertEquals(List.of(1), numbers());
        assertEquals(1, layer.stats().droppedFull(), "1 handed on, 5 buffered, the 7th refused and counted");
    }

    @Test
    void messagesWaitingBeforeTheTapAreHandedOnFirst() {
        String ch = channel();
        layer.send(ch, message(1)).toCompletableFuture().join();
        taps.tap(ch, got::add, 10);
        layer.send(ch, message(2)).toCompletableFuture().join();
        assertEquals(List.of(1, 2), numbers());
    }

    @Test
    void aTappedChannelRefusesReceiveAndASecondTap() {
        String ch = channel();
        taps.tap(ch, got::add, 1);
        CompletionException refused = assertThrows(CompletionException.class,
                () -> layer.receive(ch).toCompletableFuture().join());
        assertTrue(refused.getCause() instanceof IllegalStateException, refused.toString());
        assertThrows(IllegalStateException.class, () -> taps.tap(ch, got::add, 1));
    }

    @Test
    void afterUntapTheWaitingMessagesAreReceivedAsUsual() throws Exception {
        String ch = channel();
        taps.tap(ch, got::add, 0);
        layer.send(ch, message(1)).toCompletableFuture().join();
        taps.untap(ch);
        assertEquals(1, ((Map<?, ?>) layer.receive(ch).toCompletableFuture().get(5, TimeUnit.SECONDS)).get("n"));
        taps.untap(ch);
        assertEquals(0, layer.stats().channels(), "an untapped, empty channel holds nothing");
    }

    @Test
    void concurrentSendersEachKeepTheirOrder() throws Exception {
        String ch = channel();
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        taps.tap(ch, seen::add, 1_000_000);
        int senders = 4;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    // a big enough capacity is not needed: the tap never runs out of credit here
                    layer.send(ch, Map.of("type", "t", "s", sender, "i", i)).toCompletableFuture().join();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(senders * each, seen.size());
        int[] next = new int[senders];
        synchronized (seen) {
            for (Object o : seen) {
                Map<?, ?> m = (Map<?, ?>) o;
                int s = (Integer) m.get("s");
                assertEquals(next[s]++, m.get("i"), "sender " + s + " out of order");
            }
        }
    }
}
