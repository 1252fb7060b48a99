package io.channels4j.redis;

import io.channels4j.layer.ChannelLayerException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one loop that takes this layer instance's messages out of Redis for all its process-local
 * channels (they share one queue key), on a thread of its own per Redis host.
 *
 * <p>Per host: move anything left in the {@code $inflight} backup back into the queue (atomic
 * script), then repeatedly block in {@code BZPOPMIN} on a dedicated connection, back up what it
 * popped together with up to {@link #BATCH}{@code - 1} more members (atomic script), hand the
 * batch to the consumer, and remove it from the backup. A message whose hand-over was not
 * acknowledged because Redis failed is restored once, not delivered twice: the loop remembers
 * what it handed over and removes that from the backup before restoring.
 *
 * <p>The queue key's home host is the one its name hashes to; the loop also watches the other
 * hosts, because channels_redis 4.0 puts direct sends on the host of the <em>full</em> channel
 * name. On a failure the loop marks the host down, closes its connection and retries with a
 * back-off from 100 ms to 2 s.
 */
final class ReceiveLoop {

    static final int BATCH = 64;
    private static final System.Logger LOG = System.getLogger("io.channels4j.redis");
    private static final Duration POP_TIMEOUT = Duration.ofSeconds(5);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long LAST_BACKOFF_MS = 2000;

    /** One member popped from the queue, with its score (send time in seconds). */
    record Popped(byte[] member, double score) {
    }

    private final RedisHosts hosts;
    private final byte[] queueKey;
    private final byte[] backupKey;
    private final Consumer<List<Popped>> handOver;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running;
    /** Counted down by {@link #stop()}, so that a back-off pause ends at once. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    ReceiveLoop(RedisHosts hosts, String queueKey, Consumer<List<Popped>> handOver) {
        this.hosts = hosts;
        this.queueKey = KeySpace.bytes(queueKey);
        this.backupKey = KeySpace.bytes(KeySpace.backup(queueKey));
        this.handOver = handOver;
    }

    /** Starts the per-host threads; the caller starts it once. */
    synchronized void start(String name) {
        running = true;
        for (int host = 0; host < hosts.count(); host++) {
            Worker worker = new Worker(host);
            Thread thread = new Thread(worker, name + "-" + host);
            thread.setDaemon(true);
            worker.thread = thread;
            workers.add(worker);
            thread.start();
        }
    }

    /** Stops the threads, closing their connections; waits for them a bounded time. */
    synchronized void stop() {
        running = false;
        stopped.countDown();
        for (Worker worker : workers) {
            worker.closeConnection();
            worker.thread.interrupt();
        }
        for (Worker worker : workers) {
            try {
                worker.thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        private final int host;
        private Thread thread;
        private final AtomicReference<StatefulRedisConnection<byte[], byte[]>> connection = new AtomicReference<>();
        private List<byte[]> unacknowledged = List.of();

        Worker(int host) {
            this.host = host;
        }

        @Override
        public void run() {
            long backoff = FIRST_BACKOFF_MS;
            boolean restored = false;
            while (running) {
                try {
                    StatefulRedisConnection<byte[], byte[]> open = connection.get();
                    if (open == null) {
                        open = hosts.openBlocking(host, POP_TIMEOUT);
                        connection.set(open);
                        if (!running) {
                            break;
                        }
                        restored = false;
                    }
                    RedisAsyncCommands<byte[], byte[]> redis = open.async();
                    if (!restored) {
                        restore(redis);
                        restored = true;
                    }
                    KeyValue<byte[], ScoredValue<byte[]>> popped =
                            await(redis.bzpopmin(POP_TIMEOUT.toMillis() / 1000.0, queueKey));
                    backoff = FIRST_BACKOFF_MS;
                    if (popped != null && popped.hasValue()) {
                        takeAndHandOver(redis, popped.getValue());
                    }
                } catch (InterruptedException e) {
                    if (!running) {
                        break;
                    }
                } catch (Exception e) {
                    if (!running) {
                        break;
                    }
                    ChannelLayerException failure = hosts.translate(host, "receiving for this process", e);
                    if (!(failure instanceof RedisHosts.HostUnreachableException)) {
                        LOG.log(Level.WARNING, "the receive loop on " + hosts.describe(host) + " failed; retrying", failure);
                    }
                    closeConnection();
                    pause(backoff);
                    backoff = Math.min(backoff * 2, LAST_BACKOFF_MS);
                }
            }
            closeConnection();
        }

        private void restore(RedisAsyncCommands<byte[], byte[]> redis) throws Exception {
            if (!unacknowledged.isEmpty()) {
                await(redis.zrem(backupKey, unacknowledged.toArray(byte[][]::new)));
                unacknowledged = List.of();
            }
            Long moved = await(Scripts.RESTORE.<Long>run(redis, ScriptOutputType.INTEGER,
                    new byte[][] {queueKey, backupKey}));
            if (moved != null && moved > 0) {
                LOG.log(Level.INFO, moved + " unacknowledged message(s) moved back into the queue on "
                        + hosts.describe(host));
            }
        }

        private void takeAndHandOver(RedisAsyncCommands<byte[], byte[]> redis, ScoredValue<byte[]> first)
                throws Exception {
            List<Object> more = await(Scripts.TAKE_MORE.<List<Object>>run(redis, ScriptOutputType.MULTI,
                    new byte[][] {queueKey, backupKey}, first.getValue(), LayerContext.score(first.getScore()),
                    Integer.toString(BATCH - 1).getBytes(StandardCharsets.US_ASCII)));
            List<Popped> batch = new ArrayList<>(1 + more.size() / 2);
            batch.add(new Popped(first.getValue(), first.getScore()));
            for (int i = 0; i + 1 < more.size(); i += 2) {
                batch.add(new Popped((byte[]) more.get(i), Double.parseDouble(new String((byte[]) more.get(i + 1), StandardCharsets.US_ASCII))));
            }
            List<byte[]> members = new ArrayList<>(batch.size());
            batch.forEach(p -> members.add(p.member()));
            unacknowledged = members;
            try {
                handOver.accept(batch);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "handing over " + batch.size() + " message(s) failed; they are dropped", e);
            }
            await(redis.zrem(backupKey, members.toArray(byte[][]::new)));
            unacknowledged = List.of();
        }

        private <T> T await(CompletionStage<T> stage) throws Exception {
            try {
                return stage.toCompletableFuture().get(
                        POP_TIMEOUT.plus(hosts.commandTimeout()).toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        void closeConnection() {
            StatefulRedisConnection<byte[], byte[]> c = connection.getAndSet(null);
            if (c != null) {
                c.closeAsync();
            }
        }

        /** Waits {@code millis} before the next attempt, or less when the loop is stopped meanwhile. */
        private void pause(long millis) {
            try {
                stopped.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // stop() interrupts too; the loop condition decides.
            }
        }
    }
}
