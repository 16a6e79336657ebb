// A probe, not part of the build: a copy of FleetSpreadSimulation (as of d58e143) whose look() computes the
// position itself. K < 0: the plain rank in the sorted ids (the first design). K >= 0: the mean of the ids, as
// fractions of the ring, of the 2K + 1 members around the node (K capped at (n - 1) / 2), in doubles: what
// FleetRing does exactly (FleetRing.WINDOW = 4,001 is K = 2,000). Compile and run from the repository's root:
//   javac -cp benchmarks/target/benchmarks.jar -d /tmp/probe benchmarks/results/raw/fleet-spread/probe/*.java
//   java -cp benchmarks/target/benchmarks.jar:/tmp/probe FleetSpreadProbeMain REFRESH_S CHURN N K 1
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
 * <p><b>Membership.</b> The fleet is a set of instance ids (random, so a new node lands anywhere in the sorted
 * list), {@code N} of them from t = 0. With churn {@code c}, {@code round(c * N)} nodes are replaced in each
 * interval, at random instants: one live node leaves (its syncer closes) and a new one with a new id starts at
 * once, so the size stays {@code N}.
 *
 * <p><b>What each node knows.</b> A node does not see the membership as it is, but as it was at its own last
 * look, as {@code FleetMembership} does: it looks when it starts and then every {@link #REFRESH} (the default
 * {@code antientropy.cluster.refresh-interval}), and its position is its rank in the sorted list of that look.
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
public final class FleetSpreadProbe {
    public static int K = -1; public static int SCALE = 1;


    /** How often a node looks at the membership: the default {@code antientropy.cluster.refresh-interval}. */
    public static final Duration REFRESH = Duration.ofSeconds(30);

    /** How a node places its full syncs. */
    public enum Spread {
        /** A random draw in each window: Consul's stagger, the default. */
        RANDOM,
        /** By this node's rank in its own view of the sorted membership. */
        RANK;

        /** The name in the CSV files. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private FleetSpreadProbe() {
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

        /** This node's rank in the membership as it is now, or empty when it is not in it. */
        @Nullable FleetPosition look(long id) {
            int rank = Arrays.binarySearch(sorted, id);
            if (rank < 0) return null;
            int n = sorted.length;
            if (K < 0) return new FleetPosition(rank, n);
            int k = Math.min(K, (n - 1) / 2);
            double sum = 0;
            for (int j = rank - k; j <= rank + k; j++) {
                int jj = Math.floorMod(j, n);
                double u = sorted[jj] / 9.223372036854775807E18;
                if (j < 0) u -= 1; else if (j >= n) u += 1;
                sum += u;
            }
            double q = sum / (2 * k + 1);
            long fine = (long) n * SCALE;
            long r = Math.floorMod((long) Math.floor(q * fine), fine);
            return new FleetPosition((int) r, (int) fine);
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
        @Nullable FleetPosition view; // driving thread only: the rank at this node's last look
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
}
