package dev.antientropy.bench.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.LongList;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The fleet simulation: N real {@link StateSyncer}s, all started at t=0, driven in virtual time on one shared
 * {@link ManualSyncScheduler}, every delay drawn by the core's own timing code (scale factor, stagger, deadlines)
 * from one seeded {@link SplittableRandom}. Nothing here re-implements a formula: the simulation only records
 * when each node's {@code syncFull()} is called. Syncs take no virtual time, so a sync ends when it starts.
 *
 * <p>Three timings: {@link Timing#NAIVE} is the same syncer with {@link Stagger#none()}, i.e. a fixed-rate
 * full sync every interval; {@link Timing#CONSUL} is the default (Consul's timing: first full sync at start,
 * then every {@code [I, I(1+f))}); {@link Timing#STARTUP_STAGGER} adds the start-up stagger the original
 * lacks ({@link #STARTUP_STAGGER}, scaled by f like every other delay).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.fleet.FleetSimulation
 * </pre>
 * writes {@code fleet.csv}, {@code fleet_seeds.csv}, {@code storm.csv}, {@code fleet_timeseries_n10000.csv} and
 * the plots to {@code benchmarks/results/}.
 */
public final class FleetSimulation {

    /** The full-sync interval of the simulation: Consul's {@code ae_interval}. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    /** How long each simulation runs. */
    public static final Duration HORIZON = Duration.ofMinutes(30);

    /**
     * The documented start-up stagger: equal to the interval, so the first full syncs of a fleet started
     * together spread over {@code [0, I * f)}, like the periodic ones spread over {@code [I, I(1+f))}.
     */
    public static final Duration STARTUP_STAGGER = INTERVAL;

    /** Consul's server-up interval, the base of a requested full sync's stagger (the builder's default). */
    public static final Duration SERVER_UP = Duration.ofSeconds(3);

    /** When the simulated "server up" storm hits: after every node's first full sync, before any periodic one. */
    public static final Duration STORM_AT = Duration.ofSeconds(5);

    private static final long SECOND = 1_000_000_000L;

    /** How the nodes of a fleet time their full syncs. */
    public enum Timing {
        /** A fixed-rate full sync every interval, no jitter: the same syncer with {@code Stagger.none()}. */
        NAIVE,
        /** The syncer's defaults, which are Consul's: first full sync at start, then staggered. */
        CONSUL,
        /** As {@link #CONSUL}, plus {@code startupStagger(STARTUP_STAGGER)}. */
        STARTUP_STAGGER
    }

    private FleetSimulation() {
    }

    /**
     * Runs a fleet of {@code nodes} syncers from t=0 for {@code horizon} of virtual time.
     *
     * @param nodes the fleet size, also every node's cluster size
     * @param timing the timing of the full syncs
     * @param seed the seed of the stagger's random generator (unused for {@link Timing#NAIVE})
     * @param horizon how long to run
     * @return the time of every {@code syncFull()} call, per node
     */
    public static Fleet run(int nodes, Timing timing, long seed, Duration horizon) {
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        Node[] fleet = start(nodes, timing, seed, scheduler);
        scheduler.advance(horizon);
        stop(fleet);
        return new Fleet(nodes, timing, seed, horizon.toNanos(), times(fleet));
    }

    /**
     * The "server up" storm: a fleet started at t=0 gets {@code triggerSyncFull()} on every node at the same
     * instant, {@link #STORM_AT}; the full syncs this causes fall in {@code [STORM_AT, STORM_AT + 3 s * f)}.
     *
     * @param nodes the fleet size
     * @param timing {@link Timing#CONSUL} or {@link Timing#NAIVE} (no stagger: all at once)
     * @param seed the seed
     * @return the requested full syncs, per node (times relative to the trigger)
     */
    public static Storm storm(int nodes, Timing timing, long seed) {
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        Node[] fleet = start(nodes, timing, seed, scheduler);
        scheduler.advance(STORM_AT);
        int[] before = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            before[i] = fleet[i].fullSyncs.size();
        }
        long at = scheduler.nanoTime();
        for (Node node : fleet) {
            node.syncer.triggerSyncFull();
        }
        long window = SERVER_UP.toNanos() * StateSyncer.scaleFactor(nodes);
        scheduler.advance(Duration.ofNanos(window));
        stop(fleet);
        long[][] requested = new long[nodes][];
        for (int i = 0; i < nodes; i++) {
            LongList all = fleet[i].fullSyncs;
            requested[i] = new long[all.size() - before[i]];
            for (int k = before[i]; k < all.size(); k++) {
                requested[i][k - before[i]] = all.get(k) - at;
            }
        }
        return new Storm(nodes, window, requested);
    }

    private static Node[] start(int nodes, Timing timing, long seed, ManualSyncScheduler scheduler) {
        Stagger stagger = timing == Timing.NAIVE ? Stagger.none() : Stagger.uniform(new SplittableRandom(seed));
        Node[] fleet = new Node[nodes];
        for (int i = 0; i < nodes; i++) {
            fleet[i] = new Node(scheduler, nodes, timing, stagger);
        }
        for (Node node : fleet) {
            node.syncer.start();
        }
        return fleet;
    }

    private static void stop(Node[] fleet) {
        for (Node node : fleet) {
            node.syncer.close();
        }
    }

    private static long[][] times(Node[] fleet) {
        long[][] times = new long[fleet.length][];
        for (int i = 0; i < fleet.length; i++) {
            times[i] = fleet[i].fullSyncs.toArray();
        }
        return times;
    }

    /** One simulated node: a real syncer whose full sync records the virtual time. */
    private static final class Node implements SyncState {

        final ManualSyncScheduler clock;
        final LongList fullSyncs = new LongList(32); // the driving thread only
        final StateSyncer syncer;

        Node(ManualSyncScheduler clock, int clusterSize, Timing timing, Stagger stagger) {
            this.clock = clock;
            StateSyncer.Builder builder = StateSyncer.builder(this).name("node").interval(INTERVAL)
                    .serverUpInterval(SERVER_UP).clusterSize(() -> clusterSize).stagger(stagger).scheduler(clock);
            if (timing == Timing.STARTUP_STAGGER) {
                builder.startupStagger(STARTUP_STAGGER);
            }
            this.syncer = builder.build();
        }

        @Override
        public void syncFull() {
            fullSyncs.add(clock.nanoTime());
        }

        @Override
        public void syncChanges() {
        }
    }

    /** Peak and mean of a count series over a window. */
    public record Load(double peak, double mean) {

        /** Peak divided by mean. */
        public double peakToMean() {
            return peak / mean;
        }
    }

    /**
     * The full syncs of one simulated fleet.
     *
     * @param nodes the fleet size
     * @param timing the timing used
     * @param seed the seed used
     * @param horizonNanos how long it ran
     * @param fullSyncs per node, the virtual times (ns since start) of its {@code syncFull()} calls, ascending
     */
    public record Fleet(int nodes, Timing timing, long seed, long horizonNanos, long[][] fullSyncs) {

        /** Full syncs per second over the whole horizon. */
        public int[] perSecond() {
            return perSecond(horizonNanos, fullSyncs);
        }

        /**
         * Counts full syncs per second of the horizon; a sync at or after its end is left out.
         *
         * @param horizonNanos how long the fleet ran
         * @param fullSyncs per node, the virtual times of its full syncs
         * @return the count of each whole second
         */
        static int[] perSecond(long horizonNanos, long[][] fullSyncs) {
            int[] buckets = new int[(int) (horizonNanos / SECOND)];
            for (long[] node : fullSyncs) {
                for (long t : node) {
                    int second = (int) (t / SECOND);
                    if (second < buckets.length) {
                        buckets[second]++;
                    }
                }
            }
            return buckets;
        }

        /** Peak and mean full syncs per second in seconds {@code [from, to)}. */
        public Load load(int fromSecond, int toSecond) {
            return Fleet.window(perSecond(), fromSecond, toSecond);
        }

        static Load window(int[] perSecond, int from, int to) {
            int peak = 0;
            long sum = 0;
            for (int s = from; s < to; s++) {
                peak = Math.max(peak, perSecond[s]);
                sum += perSecond[s];
            }
            return new Load(peak, (double) sum / (to - from));
        }
    }

    /**
     * The full syncs that a "server up" request on every node caused.
     *
     * @param nodes the fleet size
     * @param windowNanos the stagger window, {@code 3 s * f}
     * @param requested per node, the times of its full syncs after the request, relative to the request
     */
    public record Storm(int nodes, long windowNanos, long[][] requested) {

        /** The most full syncs in one 100 ms bucket. */
        public int peakPer100ms() {
            int[] buckets = new int[(int) (windowNanos / 100_000_000L) + 1];
            for (long[] node : requested) {
                for (long t : node) {
                    buckets[(int) (t / 100_000_000L)]++;
                }
            }
            int peak = 0;
            for (int count : buckets) {
                peak = Math.max(peak, count);
            }
            return peak;
        }

        /** Mean full syncs per 100 ms over the window. */
        public double meanPer100ms() {
            return nodes / (windowNanos / 100_000_000.0);
        }
    }

    // ---------------------------------------------------------------- the full run: CSV + plots

    /** The fleet sizes of the report. */
    static final int[] SIZES = {100, 1_000, 10_000};

    /** Seeds 1..5: every figure is the median over them, with the range. */
    static final int SEEDS = 5;

    /** The windows of the report, in seconds: {@code name, from, to}. */
    static final Object[][] WINDOWS = {{"first_minute", 0, 60}, {"minute_2", 60, 120}, {"steady_10_30min", 600, 1800}};

    /**
     * Runs the whole simulation and writes the CSV files and plots.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Results.printMachine("fleet simulation");
        long started = System.nanoTime();
        List<String> summary = new ArrayList<>();
        List<String> perSeed = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        List<String> storms = new ArrayList<>();
        Map<Timing, double[][]> ratioVsN = new EnumMap<>(Timing.class); // timing -> [window][size]
        int[][] series10k = new int[Timing.values().length][];
        System.out.printf("%-8s %-16s %-16s %-26s %-26s %-26s%n", "N", "timing", "window", "peak/s", "mean/s",
                "peak/mean");
        for (int n = 0; n < SIZES.length; n++) {
            int size = SIZES[n];
            for (Timing timing : Timing.values()) {
                int seeds = timing == Timing.NAIVE ? 1 : SEEDS; // no randomness: one run says it all
                int[][] perSecond = new int[seeds][];
                for (int seed = 1; seed <= seeds; seed++) {
                    perSecond[seed - 1] = run(size, timing, seed, HORIZON).perSecond();
                }
                if (size == 10_000) {
                    series10k[timing.ordinal()] = perSecond[0];
                }
                for (int w = 0; w < WINDOWS.length; w++) {
                    String window = (String) WINDOWS[w][0];
                    double[] peaks = new double[seeds];
                    double[] means = new double[seeds];
                    double[] ratios = new double[seeds];
                    for (int s = 0; s < seeds; s++) {
                        Load load = Fleet.window(perSecond[s], (int) WINDOWS[w][1], (int) WINDOWS[w][2]);
                        peaks[s] = load.peak();
                        means[s] = load.mean();
                        ratios[s] = load.peakToMean();
                        perSeed.add(Stats.fmt("%d,%s,%s,%d,%.0f,%.3f,%.3f", size, name(timing), window, s + 1,
                                load.peak(), load.mean(), load.peakToMean()));
                    }
                    String phase = name(timing) + "/" + window;
                    summary.add(Stats.fmt("%d,%s,%.1f,%.3f,%.2f", size, phase, Stats.median(peaks),
                            Stats.median(means), Stats.median(ratios)));
                    ranges.add(Stats.fmt("%d,%s,%.1f,%.0f,%.0f,%.3f,%.2f,%.2f,%.2f", size, phase, Stats.median(peaks),
                            Stats.min(peaks), Stats.max(peaks), Stats.median(means), Stats.median(ratios),
                            Stats.min(ratios), Stats.max(ratios)));
                    ratioVsN.computeIfAbsent(timing, t -> new double[WINDOWS.length][SIZES.length])[w][n] =
                            Stats.median(ratios);
                    System.out.printf("%-8d %-16s %-16s %-26s %-26s %-26s%n", size, name(timing), window,
                            Stats.summary("%.0f", peaks), Stats.summary("%.2f", means),
                            Stats.summary("%.2f", ratios));
                }
            }
            // The "server up" storm.
            double[] peaks = new double[SEEDS];
            Storm storm = null;
            for (int seed = 1; seed <= SEEDS; seed++) {
                storm = storm(size, Timing.CONSUL, seed);
                peaks[seed - 1] = storm.peakPer100ms();
            }
            int naivePeak = storm(size, Timing.NAIVE, 1).peakPer100ms();
            storms.add(Stats.fmt("%d,%.0f,%.0f,%.0f,%.1f,%.2f,%d", size, Stats.median(peaks), Stats.min(peaks),
                    Stats.max(peaks), storm.windowNanos() / 1e9, storm.meanPer100ms(), naivePeak));
            System.out.printf("%-8d storm: peak per 100 ms %s (window %.0f s, mean %.1f per 100 ms); naive %d%n", size,
                    Stats.summary("%.0f", peaks), storm.windowNanos() / 1e9, storm.meanPer100ms(), naivePeak);
        }
        Results.writeCsv("fleet.csv", "n,phase,peak_per_s,mean_per_s,peak_to_mean", summary);
        Results.writeCsv("fleet_ranges.csv",
                "n,phase,peak_per_s_median,peak_per_s_min,peak_per_s_max,mean_per_s_median,peak_to_mean_median,"
                        + "peak_to_mean_min,peak_to_mean_max",
                ranges);
        Results.writeCsv("fleet_seeds.csv", "n,timing,window,seed,peak_per_s,mean_per_s,peak_to_mean", perSeed);
        Results.writeCsv("storm.csv",
                "n,peak_per_100ms_median,peak_per_100ms_min,peak_per_100ms_max,window_s,mean_per_100ms,naive_peak_per_100ms",
                storms);
        List<String> series = new ArrayList<>();
        for (int s = 0; s < series10k[0].length; s++) {
            series.add(s + "," + series10k[0][s] + "," + series10k[1][s] + "," + series10k[2][s]);
        }
        Results.writeCsv("fleet_timeseries_n10000.csv", "second,naive,consul,startup_stagger", series);
        Plots.fleetLoad(series10k, Results.dir().resolve("fleet_load_n10000.png"));
        Plots.peakToMean(SIZES, ratioVsN, Results.dir().resolve("fleet_peak_to_mean.png"));
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    static String name(Timing timing) {
        return switch (timing) {
            case NAIVE -> "naive";
            case CONSUL -> "consul";
            case STARTUP_STAGGER -> "startup_stagger";
        };
    }
}
