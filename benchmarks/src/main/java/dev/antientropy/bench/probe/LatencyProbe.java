package dev.antientropy.bench.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;

/**
 * Trigger → {@code syncChanges()} entered, against the JVM's own hand-off floor measured in the same run: a
 * park/unpark ping-pong between two threads (one hop: {@code unpark} on one thread to the wake-up of the
 * other), the Go anchor's figure 3. Both series are measured by the same thread, which parks while it waits,
 * in interleaved blocks (syncer, floor, floor, syncer, ...) so that a change of the machine's mood between
 * blocks hits both. Two modes: back-to-back (the next sample starts as soon as the last one arrived) and
 * idle (1 ms of sleep before each sample, so every thread involved is asleep).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.LatencyProbe [label] [samples]
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.LatencyProbe pinned
 * </pre>
 * appends to {@code latency.csv} (one row per label, mode and series).
 */
public final class LatencyProbe {

    /** Samples slower than this count as slow: a wake-up that crossed CPUs (the fast mode is ~2 us). */
    static final long SLOW_NANOS = 10_000;

    private static final int BLOCK = 1_000;
    private static final int WARMUP = 5_000;

    private final Thread measurer = Thread.currentThread();

    // syncer series
    private final StateSyncer syncer;
    private final CountDownLatch firstFullSync = new CountDownLatch(1);
    private volatile boolean entered; // syncer thread sets, measurer clears
    private volatile long enteredAt;

    // floor series
    private final Thread ponger;
    private volatile boolean ping; // measurer sets, ponger clears
    private volatile boolean pong; // ponger sets, measurer clears
    private volatile long pongAt;
    private volatile boolean done;

    private LatencyProbe() throws InterruptedException {
        syncer = StateSyncer.builder(new SyncState() {
            @Override
            public void syncFull() {
                firstFullSync.countDown();
            }

            @Override
            public void syncChanges() {
                enteredAt = System.nanoTime();
                entered = true;
                LockSupport.unpark(measurer);
            }
        }).name("latency").interval(Duration.ofMinutes(1)).build();
        syncer.start();
        firstFullSync.await();
        ponger = new Thread(this::pong, "floor-ponger");
        ponger.setDaemon(true);
        ponger.start();
        Thread.sleep(10);
    }

    private void pong() {
        while (!done) {
            while (!ping) {
                LockSupport.park(this);
                if (done) {
                    return;
                }
            }
            ping = false;
            pongAt = System.nanoTime();
            pong = true;
            LockSupport.unpark(measurer);
        }
    }

    long syncerSample() {
        entered = false;
        long t0 = System.nanoTime();
        syncer.triggerSyncChanges();
        while (!entered) {
            LockSupport.park(this);
        }
        return enteredAt - t0;
    }

    long floorSample() {
        pong = false;
        long t0 = System.nanoTime();
        ping = true;
        LockSupport.unpark(ponger);
        while (!pong) {
            LockSupport.park(this);
        }
        return pongAt - t0;
    }

    /** Result of one series. */
    record Series(String name, long[] sorted, double[] blockMedians) {

        double us(double p) {
            return Stats.percentile(sorted, p) / 1e3;
        }

        double slowShare() {
            return (double) Arrays.stream(sorted).filter(n -> n > SLOW_NANOS).count() / sorted.length;
        }

        /** The p50 of the fast samples only (those not slow): the cost within one wake-up mode. */
        double fastP50Us() {
            long[] fast = Arrays.stream(sorted).filter(n -> n <= SLOW_NANOS).toArray();
            return fast.length == 0 ? Double.NaN : Stats.percentile(fast, 0.5) / 1e3;
        }

        double meanUs() {
            return Arrays.stream(sorted).average().orElse(Double.NaN) / 1e3;
        }
    }

    private Series[] measure(int samples, boolean idle) throws InterruptedException {
        for (int i = 0; i < WARMUP; i++) {
            syncerSample();
            floorSample();
        }
        int blocks = samples / BLOCK;
        long[] syncerAll = new long[blocks * BLOCK];
        long[] floorAll = new long[blocks * BLOCK];
        double[] syncerBlocks = new double[blocks];
        double[] floorBlocks = new double[blocks];
        long[] block = new long[BLOCK];
        for (int b = 0; b < blocks; b++) {
            boolean syncerFirst = (b % 2) == 0; // ABBA: syncer, floor, floor, syncer, ...
            for (int k = 0; k < 2; k++) {
                boolean syncerTurn = (k == 0) == syncerFirst;
                for (int i = 0; i < BLOCK; i++) {
                    if (idle) {
                        Thread.sleep(1);
                    }
                    block[i] = syncerTurn ? syncerSample() : floorSample();
                }
                System.arraycopy(block, 0, syncerTurn ? syncerAll : floorAll, b * BLOCK, BLOCK);
                long[] sorted = block.clone();
                Arrays.sort(sorted);
                (syncerTurn ? syncerBlocks : floorBlocks)[b] = Stats.percentile(sorted, 0.5) / 1e3;
            }
        }
        Arrays.sort(syncerAll);
        Arrays.sort(floorAll);
        return new Series[] {new Series("syncer", syncerAll, syncerBlocks), new Series("floor", floorAll, floorBlocks)};
    }

    /**
     * Runs both modes.
     *
     * @param args {@code [label] [samples per series]}: label defaults to {@code default}, samples to 20000
     */
    public static void main(String[] args) throws Exception {
        String label = args.length > 0 ? args[0] : "default";
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Results.printMachine("trigger -> syncChanges() latency, run '" + label + "'");
        LatencyProbe probe = new LatencyProbe();
        List<String> rows = new ArrayList<>();
        System.out.printf("%-6s %-7s %8s %8s %8s %9s %8s %7s %9s   %s%n", "mode", "series", "p50 us", "p90 us",
                "p99 us", "max us", "mean us", "slow", "fast p50", "block p50s: median [min..max]");
        for (String mode : new String[] {"b2b", "idle"}) {
            Series[] series = probe.measure(samples, mode.equals("idle"));
            for (Series s : series) {
                System.out.printf("%-6s %-7s %8.2f %8.2f %8.2f %9.1f %8.2f %6.1f%% %9.2f   %s%n", mode, s.name(),
                        s.us(0.5), s.us(0.9), s.us(0.99), s.sorted()[s.sorted().length - 1] / 1e3, s.meanUs(),
                        100 * s.slowShare(), s.fastP50Us(), Stats.summary("%.2f", s.blockMedians()));
                rows.add(Stats.fmt("%s,%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.1f,%.3f,%.4f,%.3f,%.3f,%.3f", label, mode,
                        s.name(), s.sorted().length, s.us(0.5), s.us(0.9), s.us(0.99), s.meanUs(),
                        s.sorted()[s.sorted().length - 1] / 1e3, Stats.median(s.blockMedians()), s.slowShare(),
                        Stats.min(s.blockMedians()), Stats.max(s.blockMedians()), s.fastP50Us()));
            }
            System.out.printf("%-6s syncer p50 / floor p50 = %.2f; fast samples only: %.2f%n", mode,
                    series[0].us(0.5) / series[1].us(0.5), series[0].fastP50Us() / series[1].fastP50Us());
        }
        probe.done = true;
        LockSupport.unpark(probe.ponger);
        probe.syncer.close();
        appendCsv("latency.csv", "label,mode,series,samples,p50_us,p90_us,p99_us,mean_us,max_us,block_p50_median_us,"
                + "slow_share,block_p50_min_us,block_p50_max_us,fast_p50_us", rows, label);
    }

    /** Replaces this label's rows of the CSV file, keeps the others. */
    static void appendCsv(String name, String header, List<String> rows, String label) throws IOException {
        Path file = Results.dir().resolve(name);
        List<String> kept = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                boolean anyHeader = line.startsWith(header.substring(0, header.indexOf(',') + 1));
                if (!anyHeader && !line.startsWith(label + ",")) {
                    kept.add(line);
                }
            }
        }
        kept.addAll(rows);
        Results.writeCsv(name, header, kept);
    }
}
