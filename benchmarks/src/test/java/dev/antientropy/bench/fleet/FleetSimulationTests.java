package dev.antientropy.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;

import org.junit.jupiter.api.Test;

import dev.antientropy.StateSyncer;
import dev.antientropy.bench.fleet.FleetSimulation.Fleet;
import dev.antientropy.bench.fleet.FleetSimulation.Load;
import dev.antientropy.bench.fleet.FleetSimulation.Storm;
import dev.antientropy.bench.fleet.FleetSimulation.Timing;

/**
 * Keeps the fleet claims of {@code benchmarks/README.md} true: the simulation at N = 1,000 (seeded, virtual
 * time, well under a second per run) must show every full sync in its window and the load spread as claimed.
 */
class FleetSimulationTests {

    private static final int NODES = 1_000;
    private static final long SEED = 1;
    private static final long I = FleetSimulation.INTERVAL.toNanos();
    private static final int F = StateSyncer.scaleFactor(NODES);

    @Test
    void scaleFactorOfTheSimulatedFleetIsFour() {
        assertThat(F).isEqualTo(4);
    }

    @Test
    void everyPeriodicFullSyncFallsInItsWindowAfterThePreviousOne() {
        Fleet fleet = FleetSimulation.run(NODES, Timing.CONSUL, SEED, FleetSimulation.HORIZON);

        for (long[] node : fleet.fullSyncs()) {
            assertThat(node[0]).as("Consul timing: the first full sync runs at start").isZero();
            assertPeriodicGapsInWindow(node);
            // at least one full sync per I * (1 + f) after the first one
            assertThat(node.length).isGreaterThanOrEqualTo((int) (fleet.horizonNanos() / (I * (1 + F))));
        }
    }

    @Test
    void startupStaggerSpreadsTheFirstFullSyncOverZeroToStaggerTimesF() {
        Fleet fleet = FleetSimulation.run(NODES, Timing.STARTUP_STAGGER, SEED, FleetSimulation.HORIZON);
        long startupWindow = FleetSimulation.STARTUP_STAGGER.toNanos() * F;

        for (long[] node : fleet.fullSyncs()) {
            assertThat(node[0]).isGreaterThanOrEqualTo(0).isLessThan(startupWindow);
            assertPeriodicGapsInWindow(node);
        }
        assertThat(fleet.load(0, 60).peakToMean()).as("first-minute peak/mean with start-up stagger")
                .isLessThanOrEqualTo(3.0);
    }

    @Test
    void consulTimingStartsWithEveryNodeInTheSameSecondAndThenSpreads() {
        Fleet fleet = FleetSimulation.run(NODES, Timing.CONSUL, SEED, FleetSimulation.HORIZON);

        Load firstMinute = fleet.load(0, 60);
        assertThat(firstMinute.peak()).isEqualTo(NODES);
        assertThat(firstMinute.peakToMean()).isCloseTo(60.0, Offset.offset(1e-9));
        Load steady = fleet.load(600, 1800);
        assertThat(steady.mean()).as("mean rate N / (I (1 + f/2))").isCloseTo(NODES / (60.0 * (1 + F / 2.0)),
                Percentage.withPercentage(5));
        assertThat(steady.peakToMean()).as("steady-state peak/mean").isLessThanOrEqualTo(3.5);
    }

    @Test
    void naiveBaselinePeaksAtEveryNodeEveryInterval() {
        Fleet fleet = FleetSimulation.run(NODES, Timing.NAIVE, SEED, Duration.ofMinutes(5));

        assertThat(fleet.load(0, 300).peak()).isEqualTo(NODES);
        assertThat(fleet.load(0, 300).peakToMean()).isCloseTo(60.0, Offset.offset(1e-9));
    }

    @Test
    void serverUpStormSpreadsOneFullSyncPerNodeOverThreeSecondsTimesF() {
        Storm storm = FleetSimulation.storm(NODES, Timing.CONSUL, SEED);
        long window = FleetSimulation.SERVER_UP.toNanos() * F;

        assertThat(storm.windowNanos()).isEqualTo(window);
        for (long[] node : storm.requested()) {
            assertThat(node).hasSize(1);
            assertThat(node[0]).isGreaterThanOrEqualTo(0).isLessThan(window);
        }
        assertThat(storm.peakPer100ms()).as("peak per 100 ms against a mean of %.1f", storm.meanPer100ms())
                .isLessThanOrEqualTo((int) (3 * storm.meanPer100ms()));
        assertThat(FleetSimulation.storm(NODES, Timing.NAIVE, SEED).peakPer100ms()).isEqualTo(NODES);
    }

    /** Syncs take no virtual time, so a full sync ends when it starts: each next one is due in [I, I (1 + f)). */
    private static void assertPeriodicGapsInWindow(long[] node) {
        for (int k = 1; k < node.length; k++) {
            assertThat(node[k] - node[k - 1]).as("gap before full sync %d", k).isGreaterThanOrEqualTo(I)
                    .isLessThan(I * (1 + F));
        }
    }
}
