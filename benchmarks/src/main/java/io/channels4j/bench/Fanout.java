package io.channels4j.bench;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * R rooms of C clients; S of each room's clients send K messages each, paced at a total rate or
 * unpaced (each sender keeps at most W of its own messages in flight: it sends the next when its
 * own copy comes back; {@code --seconds T} stops sending new ones after T seconds, so a slow
 * server gets a run of the same length rather than the same count). Every client checks what it gets: deliveries, lost, duplicates, out of
 * order per sender, and latency from the send time carried in the message.
 *
 * <p>{@code --url} may list several servers separated by commas (nodes sharing one Redis): client
 * i connects to the (i mod n)-th. {@code --group-sender CMD} makes another process the sender
 * (see {@link ExternalSender}): the rooms' sockets only receive, and the messages come from
 * group sends made there (the warm-up too), in the same message format and on the same clock.
 */
final class Fanout {

    private static final int PROBE = 0;
    private static final int WARMUP = 1;
    private static final int MEASURED = 2;
    private static final int PHASE_STRIDE = 1_000_000;

    private final int rooms;
    private final int clients;
    private final int senders;
    private volatile double rate;
    private final int window;
    private final String pad;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder probesSeen = new LongAdder();
    private final AtomicLong lastDelivery = new AtomicLong();
    private final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    private volatile int phase = PROBE;
    private volatile int phaseMessages;
    private volatile boolean stopSending;
    private final long durationNanos;
    private Member[] members;
    private long phaseElapsed;
    private long maxLagNanos;
    private ExternalSender external;
    private volatile long externalSent;
    private double externalCpu;

    /** One client: which room, and what it has seen of each sender of its room this phase. */
    private final class Member {
        final int room;
        final int index;
        Client.Conn conn;
        BitSet[] seen;
        int[] maxSeq;
        long duplicates;
        long outOfOrder;
        long unique;
        int nextSeq;
        boolean probed;

        Member(int room, int index) {
            this.room = room;
            this.index = index;
        }

        synchronized void reset(int k) {
            seen = new BitSet[senders];
            maxSeq = new int[senders];
            for (int s = 0; s < senders; s++) {
                seen[s] = new BitSet(k);
                maxSeq[s] = -1;
            }
            duplicates = outOfOrder = unique = 0;
            nextSeq = 0;
        }

        boolean isSender() {
            return index < senders && external == null;
        }

        int senderId() {
            return room * senders + index;
        }
    }

    Fanout(int rooms, int clients, int senders, double rate, int window, int size, long durationNanos) {
        if (senders > clients) {
            throw new IllegalArgumentException("--senders (" + senders + ") must not exceed --clients (" + clients + ")");
        }
        this.rooms = rooms;
        this.clients = clients;
        this.senders = senders;
        this.rate = rate;
        this.window = window;
        this.pad = Payload.pad(size);
        this.durationNanos = durationNanos;
    }

    static String run(Options o) throws Exception {
        int rooms = o.integer("rooms", 1);
        int clients = o.integer("clients", 100);
        int senders = o.integer("senders", 10);
        int messages = o.integer("messages", 1000);
        int warmup = o.integer("warmup", Math.min(messages, 200));
        double rate = o.decimal("rate", 0);
        int window = o.integer("window", 10);
        int size = o.integer("size", 64);
        int seconds = o.integer("seconds", 0);
        String ramp = o.string("ramp", "");
        double rampP99 = o.decimal("ramp-p99-ms", 1000);
        Target target = Target.read(o);
        String roomPrefix = o.string("room-prefix", "bench");
        String groupSender = o.string("group-sender", "");
        int threads = o.integer("threads", 1);
        long drainNanos = TimeUnit.SECONDS.toNanos(o.integer("drain-seconds", 10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.integer("max-seconds", 300));
        o.requireAllUsed();

        Fanout f = new Fanout(rooms, clients, senders, rate, window, size, TimeUnit.SECONDS.toNanos(seconds));
        Result r = new Result("fanout", o);
        try (Client client = target.client(threads);
             ExternalSender sender = groupSender.isEmpty() ? null : ExternalSender.start(groupSender)) {
            f.members = new Member[rooms * clients];
            for (int i = 0; i < f.members.length; i++) {
                f.members[i] = f.new Member(i / clients, i % clients);
            }
            Client.Listener listener = f.new Receiver();
            Dialer.Outcome dialed = Dialer.dial(client, f.members.length,
                    i -> target.room(i, roomPrefix + (i / clients)),
                    Math.min(f.members.length, 200), 1, listener, deadline);
            if (dialed.opened() < f.members.length) {
                return r.put("error", "could not connect every client").put("connect_failures", dialed.failures()).line();
            }
            for (int i = 0; i < f.members.length; i++) {
                f.members[i].conn = dialed.conns().get(i);
                f.members[i].conn.tag(f.members[i]);
            }
            if (!f.probe(deadline)) {
                return r.put("error", "not every client saw its room's broadcasts within the time limit").line();
            }
            f.external = sender;
            if (warmup > 0) {
                f.phase(WARMUP, warmup, drainNanos, deadline, null);
            }
            if (!ramp.isEmpty()) {
                f.ramp(r, ramp, rampP99, Math.max(1, seconds), drainNanos, deadline, target);
            } else {
                Meter meter = target.meter();
                f.phase(MEASURED, messages, drainNanos, deadline, meter);
                f.report(r, messages, meter);
            }
            for (Member m : f.members) {
                m.conn.close();
            }
        }
        return r.line();
    }

    /**
     * {@code --ramp r1,r2,...}: paced steps of {@code seconds} each at rising total send rates,
     * stopping at the first step that loses a message or whose p99 exceeds {@code maxP99Millis}
     * (a server that queues without bound never loses, it only gets slower). Reports the highest clean step in full
     * ({@code ramp_clean_*} and the usual fields) and every step's rate, loss and p99.
     */
    private void ramp(Result r, String rates, double maxP99Millis, int seconds, long drainNanos, long deadline, Target target) {
        java.util.List<String> steps = new java.util.ArrayList<>();
        Result best = null;
        double bestRate = 0;
        for (String step : rates.split(",")) {
            double stepRate = Double.parseDouble(step.trim());
            if (System.nanoTime() > deadline) {
                break;
            }
            rate = stepRate;
            int k = (int) Math.max(1, Math.round(stepRate * seconds / (rooms * senders)));
            Result one = new Result("step", new Options(new String[0], 0));
            Meter meter = target.meter();
            phase(MEASURED, k, drainNanos, deadline, meter);
            report(one, k, meter);
            long lost = (long) one.get("lost");
            steps.add(Math.round(stepRate) + ":lost=" + lost + ":p99ms=" + one.get("latency_ms_p99"));
            if (lost > 0 || (long) one.get("duplicates") > 0 || (double) one.get("latency_ms_p99") > maxP99Millis) {
                break;
            }
            best = one;
            bestRate = stepRate;
        }
        r.put("ramp_steps", String.join(" ", steps)).put("ramp_clean_sends_per_s", bestRate);
        if (best != null) {
            r.putAll(best);
            r.put("ramp_clean_deliveries_per_s", best.get("deliveries_per_s"));
        }
    }

    /** Each room's first client broadcasts probes until every client of its room has seen one. */
    private boolean probe(long deadline) {
        for (Member m : members) {
            m.reset(1);
        }
        int round = 0;
        while (probesSeen.sum() < members.length) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (int room = 0; room < rooms; room++) {
                members[room * clients].conn.send(Payload.frame(PROBE * PHASE_STRIDE + room * senders, round, 0, ""));
            }
            round++;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return true;
    }

    private void phase(int which, int k, long drainNanos, long deadline, Meter meter) {
        for (Member m : members) {
            m.reset(k);
        }
        delivered.reset();
        latency.reset();
        phaseMessages = k;
        stopSending = false;
        phase = which;
        if (meter != null) {
            meter.start();
        }
        long first = System.nanoTime();
        lastDelivery.set(first);
        if (external != null) {
            sendExternally(which, k);
        } else if (rate > 0) {
            paced(k, deadline);
        } else {
            for (Member m : members) {
                if (m.isSender()) {
                    for (int i = 0; i < Math.min(window, k); i++) {
                        sendNext(m);
                    }
                }
            }
        }
        long lastSeen = -1;
        long quietSince = System.nanoTime();
        long stopAt = which == MEASURED && rate <= 0 && durationNanos > 0 ? first + durationNanos : Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (now - stopAt > 0 && !stopSending) {
                stopSending = true;
            }
            // unpaced senders send from the I/O thread as copies come back: done only when all have sent
            if ((rate > 0 || stopSending || allSent(k)) && delivered.sum() >= expected()) {
                break;
            }
            long d = delivered.sum();
            if (d != lastSeen) {
                lastSeen = d;
                quietSince = now;
            } else if (now - quietSince > drainNanos) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        phaseElapsed = lastDelivery.get() - first;
    }

    /** Has the other process send this phase's messages, and waits until it has sent them all. */
    private void sendExternally(int which, int k) {
        Proc proc = external.proc();
        double cpu0 = proc.cpuSeconds();
        try {
            ExternalSender.Sent sent = external.send(which * PHASE_STRIDE, rooms, senders, k, rate,
                    durationNanos / 1e9, pad.length());
            externalSent = sent.count();
            maxLagNanos = (long) (sent.maxLagMillis() * 1e6);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        externalCpu = proc.cpuSeconds() - cpu0;
    }

    private boolean allSent(int k) {
        for (Member m : members) {
            if (m.isSender()) {
                synchronized (m) {
                    if (m.nextSeq < k) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Deliveries expected for what was sent so far: every message of a room reaches all its clients. */
    private long expected() {
        if (external != null) {
            return externalSent * clients;
        }
        if (rate > 0) {
            return (long) rooms * senders * phaseMessages * clients;
        }
        long sent = 0;
        for (Member m : members) {
            if (m.isSender()) {
                synchronized (m) {
                    sent += m.nextSeq;
                }
            }
        }
        return sent * clients;
    }

    /** Sends R*S*K messages at {@code rate} per second in total, round robin over the senders. */
    private void paced(int k, long deadline) {
        int allSenders = rooms * senders;
        Member[] sending = new Member[allSenders];
        for (int room = 0, n = 0; room < rooms; room++) {
            for (int s = 0; s < senders; s++) {
                sending[n++] = members[room * clients + s];
            }
        }
        long total = (long) allSenders * k;
        double interval = 1e9 / rate;
        long t0 = System.nanoTime();
        long i = 0;
        maxLagNanos = 0;
        while (i < total && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long due = t0 + (long) (i * interval);
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            maxLagNanos = Math.max(maxLagNanos, now - due);
            // everything due by now goes out in one batch, each stamped with its own due time
            while (i < total && t0 + (long) (i * interval) <= now) {
                Member m = sending[(int) (i % allSenders)];
                int seq = (int) (i / allSenders);
                m.conn.send(Payload.frame(phase * PHASE_STRIDE + m.senderId(), seq,
                        t0 + (long) (i * interval), pad));
                i++;
            }
        }
    }

    /**
     * Unpaced: sends the member's next message, stamped now. The number is taken and the frame
     * queued under one lock, so frames leave in number order even when the first window (sent
     * from the main thread) overlaps sends triggered by echoes (on the client's I/O thread).
     */
    private void sendNext(Member m) {
        synchronized (m) {
            if (m.nextSeq >= phaseMessages || stopSending) {
                return;
            }
            int seq = m.nextSeq++;
            m.conn.send(Payload.frame(phase * PHASE_STRIDE + m.senderId(), seq, System.nanoTime(), pad));
        }
    }

    private final class Receiver implements Client.Listener {
        @Override
        public void onText(Client.Conn conn, CharSequence text) {
            Member m = (Member) conn.tag();
            long[] p = new long[3];
            if (m == null || !Payload.parse(text, p)) {
                return;
            }
            long now = System.nanoTime();
            int msgPhase = (int) (p[0] / PHASE_STRIDE);
            int sender = (int) (p[0] % PHASE_STRIDE);
            int seq = (int) p[1];
            if (msgPhase == PROBE) {
                synchronized (m) {
                    if (!m.probed && sender / senders == m.room) {
                        m.probed = true;
                        probesSeen.increment();
                    }
                }
                return;
            }
            if (msgPhase != phase || sender / senders != m.room) {
                return;
            }
            int s = sender % senders;
            boolean fresh;
            synchronized (m) {
                fresh = !m.seen[s].get(seq);
                if (fresh) {
                    m.seen[s].set(seq);
                    m.unique++;
                    if (seq < m.maxSeq[s]) {
                        m.outOfOrder++;
                    }
                    m.maxSeq[s] = Math.max(m.maxSeq[s], seq);
                } else {
                    m.duplicates++;
                }
            }
            if (fresh) {
                latency.recordValue(Math.max(0, (now - p[2]) / 1000));
                delivered.increment();
                lastDelivery.set(now);
                if (rate <= 0 && s == m.index && external == null) {
                    sendNext(m);
                }
            }
        }

        @Override
        public void onClose(Client.Conn conn, int code) {
            // counted as loss at the end: its deliveries are missing
        }
    }

    private void report(Result r, int k, Meter meter) {
        long expected = expected();
        long unique = 0;
        long dups = 0;
        long ooo = 0;
        for (Member m : members) {
            synchronized (m) {
                unique += m.unique;
                dups += m.duplicates;
                ooo += m.outOfOrder;
            }
        }
        double seconds = phaseElapsed / 1e9;
        r.put("expected", expected).put("deliveries", unique).put("lost", expected - unique)
                .put("duplicates", dups).put("out_of_order", ooo)
                .put("duration_s", seconds)
                .put("deliveries_per_s", unique / seconds)
                .put("sends_per_s", unique / (double) clients / seconds);
        Histogram h = latency.copy();
        r.put("latency_ms_p50", h.getValueAtPercentile(50) / 1000.0)
                .put("latency_ms_p90", h.getValueAtPercentile(90) / 1000.0)
                .put("latency_ms_p99", h.getValueAtPercentile(99) / 1000.0)
                .put("latency_ms_max", h.getMaxValue() / 1000.0);
        if (rate > 0) {
            r.put("generator_max_lag_ms", maxLagNanos / 1e6);
        }
        if (external != null) {
            r.put("sender_cpu_s", externalCpu).put("sender_cpu_us_per_send", externalSent == 0 ? null
                    : 1e6 * externalCpu / externalSent);
        }
        meter.stop(r, "delivery", unique);
    }
}
