package dev.antientropy.bench.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * Full syncs keep their pace under a steady stream of partial syncs (the original's timer re-arm flaw, the Go
 * anchor's "bug" row: 13 full syncs without partial syncs, 0 with one every interval/2). Interval 200 ms,
 * cluster size 1, 4 s = 20 intervals; full syncs counted after the first. In virtual time (5 seeds) and, like
 * the Go anchor, in real time on the syncer's own thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.FullSyncPace
 * </pre>
 * writes {@code full_sync_pace.csv}.
 */
public final class FullSyncPace {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration PERIOD = INTERVAL.multipliedBy(20);

    private FullSyncPace() {
    }

    /** Counts calls. */
    static final class Counting implements SyncState {

        final AtomicInteger full = new AtomicInteger();
        final AtomicInteger changes = new AtomicInteger();

        @Override
        public void syncFull() {
            full.incrementAndGet();
        }

        @Override
        public void syncChanges() {
            changes.incrementAndGet();
        }
    }

    /** Returns {full syncs after the first, partial syncs} in virtual time. */
    static int[] virtual(long seed, boolean partials) {
        ManualSyncScheduler clock = new ManualSyncScheduler();
        Counting state = new Counting();
        StateSyncer syncer = StateSyncer.builder(state).interval(INTERVAL).scheduler(clock)
                .stagger(Stagger.uniform(new SplittableRandom(seed))).build();
        syncer.start();
        clock.runDue();
        int first = state.full.get();
        Duration step = INTERVAL.dividedBy(2);
        for (Duration t = Duration.ZERO; t.compareTo(PERIOD) < 0; t = t.plus(step)) {
            clock.advance(step);
            if (partials) {
                syncer.triggerSyncChanges();
                clock.runDue();
            }
        }
        syncer.close();
        return new int[] {state.full.get() - first, state.changes.get()};
    }

    /** Returns {full syncs after the first, partial syncs} in real time. */
    static int[] real(boolean partials) throws InterruptedException {
        Counting state = new Counting();
        StateSyncer syncer = StateSyncer.builder(state).name("pace").interval(INTERVAL).build();
        syncer.start();
        while (state.full.get() == 0) {
            Thread.sleep(1);
        }
        int first = state.full.get();
        long step = INTERVAL.toNanos() / 2;
        long start = System.nanoTime();
        for (long next = start + step; next - start <= PERIOD.toNanos(); next += step) {
            LockSupport.parkNanos(next - System.nanoTime());
            if (partials) {
                syncer.triggerSyncChanges();
            }
        }
        syncer.close();
        return new int[] {state.full.get() - first, state.changes.get()};
    }

    /**
     * Runs both clocks.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        Results.printMachine("full-sync pace under partial syncs");
        List<String> rows = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            int[] without = virtual(seed, false);
            int[] with = virtual(seed, true);
            System.out.printf("virtual, seed %d: %d full syncs without partial syncs; %d with %d partial syncs%n", seed,
                    without[0], with[0], with[1]);
            rows.add(Stats.fmt("virtual,%d,%d,%d,%d", seed, without[0], with[0], with[1]));
        }
        for (int run = 1; run <= 3; run++) {
            int[] without = real(false);
            int[] with = real(true);
            System.out.printf("real time, run %d: %d full syncs without partial syncs; %d with %d partial syncs%n", run,
                    without[0], with[0], with[1]);
            rows.add(Stats.fmt("real,%d,%d,%d,%d", run, without[0], with[0], with[1]));
        }
        Results.writeCsv("full_sync_pace.csv", "clock,seed_or_run,full_syncs_no_partial,full_syncs_with_partial,"
                + "partial_syncs", rows);
    }
}
