package dev.antientropy.bench.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

import dev.antientropy.Cancellable;
import dev.antientropy.FleetPosition;
import dev.antientropy.FleetRing;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.LongList;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The spread dimension of the fleet simulation: random spread (Consul's stagger) against rank spread
 * ({@link StateSyncer.Builder#fleetPosition}), under membership churn. As in {@link FleetSimulation}, every node is
 * a real {@link StateSyncer} on one shared {@link ManualSyncScheduler}, every delay comes from the core's own
 * timing code, and the simulation only records when each node's {@code syncFull()} is called. Every node has
 * the start-up stagger {@link FleetSimulation#STARTUP_STAGGER}.
 *
 * <p><b>Membership.</b> The fleet is a set of instance ids, each standing for the hash of a key
 * ({@link FleetRing#hash(String)}: random, so a new node lands anywhere on the ring), {@code N} of them from t = 0. With churn {@code c}, {@code round(c * N)} nodes are replaced in each
 * interval, at random instants: one live node leaves (its syncer closes) and a new one with a new id starts at
 * once, so the size stays {@code N}.
 *
 * <p><b>What each node knows.</b> A node does not see the membership as it is, but as it was at its own last
 * look, as {@code FleetMembership} does: it looks when it starts and then every {@link #REFRESH} (the default
 * {@code antientropy.cluster.refresh-interval}), and its position is its {@link FleetRing} position in the list of
 * that look, computed by the same code as {@code FleetMembership}'s.
 * So nodes disagree for up to {@code REFRESH} after each change: a node that left still counts in the views of
 * the others, a new one is not in them yet. The first look of a node is taken at its start, before its syncer
 * places its start-up delay ({@code FleetMembership} waits for its first look before the syncers start).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.fleet.FleetSpreadSimulation
 * </pre>
 * writes {@code fleet_spread.csv}, {@code fleet_spread_seeds.csv}, {@code fleet_spread_timeseries_n10000.csv} and
 * {@code fleet_spread.png} to {@code benchmarks/results/}.
 */
public final class FleetSpreadSimulation {

    /** How often a node looks at the membership: the default {@code antientropy.cluster.refresh-interval}. */
    public static final Duration REFRESH = Duration.ofSeconds(30);

    /** How a node places its full syncs. */
    public enum Spread {
        /** A random draw in each window: Consul's stagger, the default. */
        RANDOM,
        /** By this node's position on the ring of its own view of the membership ({@link FleetRing}). */
        RANK;

        /** The name in the CSV files. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private FleetSpreadSimulation() {
    }

    /**
     * Runs a fleet of {@code nodes} syncers from t = 0 for {@code horizon} of virtual time.
     *
     * @param nodes the fleet size, kept through churn
     * @param spread how the nodes place their full syncs
     * @param churn the fraction of the fleet replaced per interval, in {@code [0, 1]}
     * @param seed the seed of the stagger and of the churn
     * @param horizon how long to run
     * @return every full sync of every node that ever ran
     */
    public static Run run(int nodes, Spread spread, double churn, long seed, Duration horizon) {
        return run(nodes, spread, churn, seed, horizon, REFRESH);
    }

    /**
     * As {@link #run(int, Spread, double, long, Duration)}, with another time between two looks of a node.
     *
     * @param nodes the fleet size, kept through churn
     * @param spread how the nodes place their full syncs
     * @param churn the fraction of the fleet replaced per interval, in {@code [0, 1]}
     * @param seed the seed of the stagger and of the churn
     * @param horizon how long to run
     * @param refresh the time between two looks of a node at the membership
     * @return every full sync of every node that ever ran
     */
    public static Run run(int nodes, Spread spread, double churn, long seed, Duration horizon, Duration refresh) {
        if (churn < 0 || churn > 1) {
            throw new IllegalArgumentException("churn must be in [0, 1], was " + churn);
        }
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        Fleet fleet = new Fleet(scheduler, nodes, spread, refresh, new SplittableRandom(seed),
                new SplittableRandom(seed * 1_000_003L + 17));
        fleet.startAll();
        fleet.scheduleChurn(churn, horizon);
        scheduler.advance(horizon);
        fleet.stopAll();
        return new Run(nodes, spread, churn, seed, horizon.toNanos(), fleet.replaced, fleet.starts(), fleet.records());
    }

    /** The membership, the live nodes and the churn; driving thread only, like everything in virtual time. */
    private static final class Fleet {

        final ManualSyncScheduler clock;
        final int size;
        final Spread spread;
        final Duration refresh;
        final Stagger stagger;
        final SplittableRandom churnRandom;
        final List<Node> live = new ArrayList<>(); // live nodes, in no order
        final List<Node> all = new ArrayList<>(); // every node that ever started
        long[] sorted = new long[0]; // the sorted ids of the live nodes
        int replaced;

        Fleet(ManualSyncScheduler clock, int size, Spread spread, Duration refresh, SplittableRandom staggerRandom,
                SplittableRandom churnRandom) {
            this.clock = clock;
            this.size = size;
            this.spread = spread;
            this.refresh = refresh;
            this.stagger = Stagger.uniform(staggerRandom);
            this.churnRandom = churnRandom;
        }

        void startAll() {
            List<Node> fresh = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                fresh.add(join());
            }
            for (Node node : fresh) {
                node.start(); // every node has joined before the first one looks: the fleet was registered
            }
        }

        Node join() {
            long id = churnRandom.nextLong() >>> 1;
            int at = Arrays.binarySearch(sorted, id);
            if (at >= 0) {
                return join(); // the same id twice: draw again
            }
            at = -at - 1;
            long[] grown = new long[sorted.length + 1];
            System.arraycopy(sorted, 0, grown, 0, at);
            grown[at] = id;
            System.arraycopy(sorted, at, grown, at + 1, sorted.length - at);
            sorted = grown;
            Node node = new Node(this, id);
            live.add(node);
            all.add(node);
            return node;
        }

        void scheduleChurn(double churn, Duration horizon) {
            long perInterval = Math.round(churn * size);
            long interval = FleetSimulation.INTERVAL.toNanos();
            for (long from = 0; from < horizon.toNanos(); from += interval) {
                long[] at = new long[(int) perInterval];
                for (int k = 0; k < at.length; k++) {
                    at[k] = from + churnRandom.nextLong(interval);
                }
                Arrays.sort(at);
                for (long t : at) {
                    clock.schedule(this::replaceOne, Duration.ofNanos(t));
                }
            }
        }

        void replaceOne() {
            int index = churnRandom.nextInt(live.size());
            Node leaving = live.get(index);
            live.set(index, live.get(live.size() - 1));
            live.remove(live.size() - 1);
            int at = Arrays.binarySearch(sorted, leaving.id);
            long[] shrunk = new long[sorted.length - 1];
            System.arraycopy(sorted, 0, shrunk, 0, at);
            System.arraycopy(sorted, at + 1, shrunk, at, shrunk.length - at);
            sorted = shrunk;
            leaving.stop();
            join().start();
            replaced++;
        }

        /** This node's position in the membership as it is now, or empty when it is not in it. */
        @Nullable FleetPosition look(long id) {
            int index = Arrays.binarySearch(sorted, id);
            return index < 0 ? null : FleetRing.position(sorted, index);
        }

        void stopAll() {
            for (Node node : live) {
                node.stop();
            }
        }

        long[] starts() {
            long[] starts = new long[all.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = all.get(i).startedAt;
            }
            return starts;
        }

        long[][] records() {
            long[][] times = new long[all.size()][];
            for (int i = 0; i < times.length; i++) {
                times[i] = all.get(i).fullSyncs.toArray();
            }
            return times;
        }
    }

    /** One node: a real syncer whose full sync records the virtual time, and its view of the membership. */
    private static final class Node implements SyncState {

        final Fleet fleet;
        final long id;
        long startedAt; // driving thread only
        final LongList fullSyncs = new LongList(16); // driving thread only
        final StateSyncer syncer;
        @Nullable FleetPosition view; // driving thread only: the position at this node's last look
        int viewSize; // driving thread only: the membership's size at the last look
        @Nullable Cancellable nextLook; // driving thread only

        Node(Fleet fleet, long id) {
            this.fleet = fleet;
            this.id = id;
            this.viewSize = fleet.size;
            StateSyncer.Builder builder = StateSyncer.builder(this).name("node").interval(FleetSimulation.INTERVAL)
                    .serverUpInterval(FleetSimulation.SERVER_UP).clusterSize(() -> viewSize)
                    .stagger(fleet.stagger).startupStagger(FleetSimulation.STARTUP_STAGGER).scheduler(fleet.clock);
            if (fleet.spread == Spread.RANK) {
                builder.fleetPosition(() -> Optional.ofNullable(view));
            }
            this.syncer = builder.build();
        }

        void start() {
            startedAt = fleet.clock.nanoTime();
            lookAndRearm();
            syncer.start();
        }

        void lookAndRearm() {
            view = fleet.look(id);
            viewSize = fleet.sorted.length;
            nextLook = fleet.clock.schedule(this::lookAndRearm, fleet.refresh);
        }

        void stop() {
            if (nextLook != null) {
                nextLook.cancel();
            }
            syncer.close();
        }

        @Override
        public void syncFull() {
            fullSyncs.add(fleet.clock.nanoTime());
        }

        @Override
        public void syncChanges() {
        }
    }

    /**
     * The full syncs of one simulated fleet.
     *
     * @param nodes the fleet size
     * @param spread the spread used
     * @param churn the churn used
     * @param seed the seed used
     * @param horizonNanos how long it ran
     * @param replaced how many nodes were replaced
     * @param startedAt per node that ever ran (in order of joining: the first {@code nodes} are the fleet of
     *        t = 0), when it started
     * @param fullSyncs per node that ever ran, the virtual times of its {@code syncFull()} calls, ascending
     */
    public record Run(int nodes, Spread spread, double churn, long seed, long horizonNanos, int replaced,
            long[] startedAt, long[][] fullSyncs) {

        /** Full syncs per second over the whole horizon, at the remote. */
        public int[] perSecond() {
            return FleetSimulation.Fleet.perSecond(horizonNanos, fullSyncs);
        }

        /** Peak and mean full syncs per second in seconds {@code [from, to)}, as in {@code fleet.csv}. */
        public FleetSimulation.Load load(int fromSecond, int toSecond) {
            return FleetSimulation.Fleet.window(perSecond(), fromSecond, toSecond);
        }
    }

    // ---------------------------------------------------------------- the full run: CSV + plot

    /** The fleet sizes of the report. */
    static final int[] SIZES = {100, 1_000, 10_000};

    /** The churns of the report: the fraction of the fleet replaced per interval. */
    static final double[] CHURNS = {0, 0.01, 0.05};

    /** Seeds 1..5: every figure is the median over them. */
    static final int SEEDS = 5;

    /** The phases of the report, in seconds: {@code name, from, to}. */
    static final Object[][] PHASES = {{"first_minute", 0, 60}, {"steady", 600, 1800}};

    /**
     * Runs the whole spread simulation and writes the CSV files and the plot.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Results.printMachine("fleet spread simulation");
        long started = System.nanoTime();
        List<String> summary = new ArrayList<>();
        List<String> perSeed = new ArrayList<>();
        int[][][] series10k = new int[Spread.values().length][CHURNS.length][]; // seed 1
        double[][][][] ratios = new double[PHASES.length][Spread.values().length][CHURNS.length][SIZES.length];
        System.out.printf("%-7s %-7s %-6s %-13s %-22s %-22s %-22s%n", "N", "spread", "churn", "phase", "peak/s",
                "mean/s", "peak/mean");
        for (int n = 0; n < SIZES.length; n++) {
            int size = SIZES[n];
            for (Spread spread : Spread.values()) {
                for (int c = 0; c < CHURNS.length; c++) {
                    double churn = CHURNS[c];
                    int[][] perSecond = new int[SEEDS][];
                    for (int seed = 1; seed <= SEEDS; seed++) {
                        perSecond[seed - 1] = run(size, spread, churn, seed, FleetSimulation.HORIZON).perSecond();
                    }
                    if (size == 10_000) {
                        series10k[spread.ordinal()][c] = perSecond[0];
                    }
                    for (int p = 0; p < PHASES.length; p++) {
                        String phase = (String) PHASES[p][0];
                        double[] peaks = new double[SEEDS];
                        double[] means = new double[SEEDS];
                        double[] r = new double[SEEDS];
                        for (int s = 0; s < SEEDS; s++) {
                            FleetSimulation.Load load = FleetSimulation.Fleet.window(perSecond[s], (int) PHASES[p][1],
                                    (int) PHASES[p][2]);
                            peaks[s] = load.peak();
                            means[s] = load.mean();
                            r[s] = load.peakToMean();
                            perSeed.add(Stats.fmt("%d,%s,%s,%s,%d,%.0f,%.3f,%.3f", size, spread.label(), churn(churn),
                                    phase, s + 1, load.peak(), load.mean(), load.peakToMean()));
                        }
                        ratios[p][spread.ordinal()][c][n] = Stats.median(r);
                        summary.add(Stats.fmt("%d,%s,%s,%s,%.2f", size, spread.label(), churn(churn), phase,
                                Stats.median(r)));
                        System.out.printf("%-7d %-7s %-6s %-13s %-22s %-22s %-22s%n", size, spread.label(),
                                churn(churn), phase, Stats.summary("%.0f", peaks), Stats.summary("%.2f", means),
                                Stats.summary("%.2f", r));
                    }
                }
            }
        }
        Results.writeCsv("fleet_spread.csv", "n,spread,churn,phase,peak_to_mean", summary);
        Results.writeCsv("fleet_spread_seeds.csv", "n,spread,churn,phase,seed,peak_per_s,mean_per_s,peak_to_mean",
                perSeed);
        List<String> series = new ArrayList<>();
        for (int s = 0; s < series10k[0][0].length; s++) {
            StringBuilder row = new StringBuilder().append(s);
            for (Spread spread : Spread.values()) {
                for (int c = 0; c < CHURNS.length; c++) {
                    row.append(',').append(series10k[spread.ordinal()][c][s]);
                }
            }
            series.add(row.toString());
        }
        StringBuilder header = new StringBuilder("second");
        for (Spread spread : Spread.values()) {
            for (double churn : CHURNS) {
                header.append(',').append(spread.label()).append("_churn_").append(churn(churn));
            }
        }
        Results.writeCsv("fleet_spread_timeseries_n10000.csv", header.toString(), series);
        Plots.spread(SIZES, CHURNS, ratios, series10k, Results.dir().resolve("fleet_spread.png"));
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    static String churn(double churn) {
        return Stats.fmt("%s", churn == 0 ? "0" : Double.toString(churn));
    }
}
