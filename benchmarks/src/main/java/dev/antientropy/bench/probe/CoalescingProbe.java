package dev.antientropy.bench.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;

/**
 * Coalescing, the Go anchor's figure 5: 1,000,000 triggers from 2 threads as fast as they go while
 * {@code syncChanges()} sleeps 1 ms. Counts the {@code syncChanges()} calls and times the producers, against
 * the same producers on a syncer that is not started (nobody consumes: every trigger after the first takes
 * the coalesced fast path), in the same run. Then figure 5s: the same load kept up for 2 s.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.CoalescingProbe
 * </pre>
 * writes {@code coalescing.csv}.
 */
public final class CoalescingProbe {

    private static final int TRIGGERS = 1_000_000;
    private static final int PRODUCERS = 2;
    private static final int ROUNDS = 5;

    private CoalescingProbe() {
    }

    /** A syncer whose syncChanges() sleeps 1 ms, with counters. */
    static final class SleepyState implements SyncState {

        final CountDownLatch firstFullSync = new CountDownLatch(1);
        final AtomicLong calls = new AtomicLong();
        final AtomicLong busyNanos = new AtomicLong();
        volatile long lastReturn;

        @Override
        public void syncFull() {
            firstFullSync.countDown();
        }

        @Override
        public void syncChanges() throws InterruptedException {
            calls.incrementAndGet();
            long t0 = System.nanoTime();
            Thread.sleep(1);
            long t1 = System.nanoTime();
            busyNanos.addAndGet(t1 - t0);
            lastReturn = t1;
        }
    }

    /** Runs the producers; returns {the common start, the end of the last one} in System.nanoTime(). */
    static long[] produce(StateSyncer syncer, int perProducer) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        long[] ends = new long[PRODUCERS];
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int index = p;
            producers[p] = new Thread(() -> {
                try {
                    go.await();
                }
                catch (InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    syncer.triggerSyncChanges();
                }
                ends[index] = System.nanoTime();
            }, "producer-" + p);
            producers[p].start();
        }
        Thread.sleep(5);
        long start = System.nanoTime();
        go.countDown();
        long end = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p].join();
            end = Math.max(end, ends[p]);
        }
        return new long[] {start, end};
    }

    /**
     * Runs the measurement.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        Results.printMachine("coalescing: 1,000,000 triggers from 2 threads, syncChanges() sleeps 1 ms");
        List<String> rows = new ArrayList<>();
        double[] calls = new double[ROUNDS];
        double[] produced = new double[ROUNDS];
        double[] reference = new double[ROUNDS];
        double[] settled = new double[ROUNDS];
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms the JIT up and is not reported
            SleepyState state = new SleepyState();
            StateSyncer syncer = StateSyncer.builder(state).name("coalesce").interval(Duration.ofMinutes(1)).build();
            syncer.start();
            state.firstFullSync.await();
            Thread.sleep(10);
            long[] span = produce(syncer, TRIGGERS / PRODUCERS);
            long start = span[0];
            long took = span[1] - span[0];
            Thread.sleep(50); // the last pending request (if any) is served
            syncer.close();
            long n = state.calls.get();
            double lastMs = (state.lastReturn - start) / 1e6;

            StateSyncer idle = StateSyncer.builder(new SleepyState()).name("no-consumer").build();
            long[] refSpan = produce(idle, TRIGGERS / PRODUCERS);
            long ref = refSpan[1] - refSpan[0];
            idle.close();
            if (round == 0) {
                continue;
            }
            int r = round - 1;
            calls[r] = n;
            produced[r] = took / 1e6;
            reference[r] = ref / 1e6;
            settled[r] = lastMs;
            double meanSync = n == 0 ? 0 : state.busyNanos.get() / 1e6 / n;
            System.out.printf("round %d: %d syncChanges() calls; producers done in %.2f ms (no consumer: %.2f ms);"
                    + " last sync returned at %.2f ms; mean syncChanges() %.2f ms%n", round, n, produced[r],
                    reference[r], lastMs, meanSync);
            rows.add(Stats.fmt("%d,%d,%d,%.3f,%.3f,%.3f,%.3f", round, TRIGGERS, n, produced[r], reference[r], lastMs,
                    meanSync));
        }
        System.out.println("syncChanges() calls:               " + Stats.summary("%.0f", calls));
        System.out.println("producers done, ms:                " + Stats.summary("%.2f", produced));
        System.out.println("same producers, no consumer, ms:   " + Stats.summary("%.2f", reference));
        System.out.println("last sync returned, ms:            " + Stats.summary("%.2f", settled));
        Results.writeCsv("coalescing.csv", "round,triggers,sync_changes_calls,producers_ms,producers_no_consumer_ms,"
                + "last_sync_returned_ms,mean_sync_changes_ms", rows);

        // Figure 5s: the same load kept up for 2 s.
        SleepyState state = new SleepyState();
        StateSyncer syncer = StateSyncer.builder(state).name("sustained").interval(Duration.ofMinutes(1)).build();
        syncer.start();
        state.firstFullSync.await();
        Thread.sleep(10);
        AtomicLong fired = new AtomicLong();
        long[] stopAt = {System.nanoTime() + Duration.ofSeconds(2).toNanos()};
        Thread[] producers = new Thread[PRODUCERS];
        long start = System.nanoTime();
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = new Thread(() -> {
                long count = 0;
                while (System.nanoTime() < stopAt[0]) {
                    for (int i = 0; i < 1024; i++) {
                        syncer.triggerSyncChanges();
                    }
                    count += 1024;
                }
                fired.addAndGet(count);
            });
            producers[p].start();
        }
        for (Thread producer : producers) {
            producer.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(50);
        syncer.close();
        long n = state.calls.get();
        System.out.printf("sustained 2 s: %d triggers, %d syncChanges() calls = %.0f syncs/s, mean syncChanges() %.2f ms,"
                + " %.0f triggers per sync%n", fired.get(), n, n / seconds, state.busyNanos.get() / 1e6 / n,
                (double) fired.get() / n);
        Results.writeCsv("coalescing_sustained.csv", "seconds,triggers,sync_changes_calls,syncs_per_s,mean_sync_changes_ms",
                List.of(Stats.fmt("%.3f,%d,%d,%.1f,%.3f", seconds, fired.get(), n, n / seconds,
                        state.busyNanos.get() / 1e6 / n)));
    }
}
