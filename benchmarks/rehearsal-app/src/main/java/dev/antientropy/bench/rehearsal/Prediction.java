package dev.antientropy.bench.rehearsal;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The fleet simulation's prediction for a scenario: the same nodes as the fleet host's, built by the same
 * {@link FleetHost#timing} with the same N and settings, but driven in virtual time on one
 * {@link ManualSyncScheduler} (the method of the benchmarks' {@code FleetSimulation}): the fleet host's nodes,
 * with the whole fleet's cluster size. A simulated sync takes no time and never queues; while the scenario's
 * PostgreSQL is down, a simulated full sync fails. All simulated nodes share one state, which records the time
 * of each successful full sync (one thread drives them all).
 */
public final class Prediction {

    /** The seeds: the prediction's figures are the median over them. */
    public static final int SEEDS = 5;

    private Prediction() {
    }

    /**
     * Simulates one seed of a scenario.
     *
     * @param scenario the scenario
     * @param seed the stagger's seed
     * @param outageFromNanos when the remote goes down, from the start ({@code -1}: never)
     * @param outageToNanos when it is back
     * @param horizon how long to simulate
     * @return the successful full syncs per 100 ms
     */
    public static Load simulate(Scenario scenario, long seed, long outageFromNanos, long outageToNanos,
            Duration horizon) {
        ManualSyncScheduler clock = new ManualSyncScheduler();
        int nodes = scenario.hostNodes();
        long[][] times = {new long[nodes * 16]};
        int[] count = {0};
        Stagger stagger = Stagger.uniform(new SplittableRandom(seed));
        StateSyncer[] fleet = new StateSyncer[nodes];
        SyncState node = new SyncState() {
            @Override
            public void syncFull() {
                long now = clock.nanoTime();
                if (now >= outageFromNanos && now < outageToNanos) {
                    throw new IllegalStateException("remote down");
                }
                if (count[0] == times[0].length) {
                    times[0] = Arrays.copyOf(times[0], count[0] * 2);
                }
                times[0][count[0]++] = now;
            }

            @Override
            public void syncChanges() {
            }
        };
        for (int i = 0; i < nodes; i++) {
            fleet[i] = FleetHost.timing(StateSyncer.builder(node), scenario, i, stagger).scheduler(clock).build();
        }
        for (StateSyncer syncer : fleet) {
            syncer.start();
        }
        clock.advance(horizon);
        for (StateSyncer syncer : fleet) {
            syncer.close();
        }
        return Load.of(times[0], count[0], horizon.toNanos());
    }
}
