package dev.antientropy.bench.rehearsal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rehearsal's arithmetic and its prediction, in virtual time (no server). */
class PredictionTests {

    @Test
    void loadSumsBucketsIntoSecondsAndMeasuresAWindow() {
        long[] nanos = {0, 50_000_000, 150_000_000, 1_000_000_000, 2_999_000_000L, 3_000_000_000L};
        Load load = Load.of(nanos, nanos.length, 3_000_000_000L);
        assertThat(load.per100ms()).hasSize(30);
        assertThat(load.perSecond()).containsExactly(3, 1, 1); // the sixth time is past the horizon
        assertThat(load.peakPer100ms(0, 3)).isEqualTo(2);
        assertThat(load.peakToMean(0, 3)).isEqualTo(3 / (5 / 3.0));
        assertThat(load.peakToMean(1, 3)).isEqualTo(1.0);
    }

    @Test
    void naiveFleetSyncsAllAtOnceEveryInterval() {
        Scenario naive = Scenario.of("naive", true, 100, 0);
        Load load = Prediction.simulate(naive, 1, -1, -1, naive.runFor());
        int[] seconds = load.perSecond();
        for (int s = 0; s < seconds.length; s++) {
            assertThat(seconds[s]).as("second %d", s).isEqualTo(s % 3 == 0 ? 100 : 0);
        }
        assertThat(load.peakToMean((int) naive.windowFrom().toSeconds(), (int) naive.runFor().toSeconds()))
            .isEqualTo(3.0);
    }

    @Test
    void coldStartPutsEveryFirstFullSyncInTheFirstSecondUnlessStaggered() {
        Scenario cold = Scenario.of("cold_start", true, 300, 0);
        assertThat(Prediction.simulate(cold, 1, -1, -1, cold.runFor()).perSecond()[0]).isEqualTo(300);
        Scenario staggered = Scenario.of("cold_start_stagger", true, 300, 0);
        Load load = Prediction.simulate(staggered, 1, -1, -1, staggered.runFor());
        assertThat(load.perSecond()[0]).isLessThan(100);
        assertThat(load.peakToMean(0, (int) staggered.runFor().toSeconds())).isLessThan(3.0);
    }

    @Test
    void rankSpreadIsSmootherThanRandomInSteadyState() {
        Scenario random = Scenario.of("steady_random", true, 500, 0);
        Scenario rank = Scenario.of("steady_rank", true, 500, 0);
        int from = (int) random.windowFrom().toSeconds();
        int to = (int) random.runFor().toSeconds();
        double randomRatio = Prediction.simulate(random, 1, -1, -1, random.runFor()).peakToMean(from, to);
        double rankRatio = Prediction.simulate(rank, 1, -1, -1, rank.runFor()).peakToMean(from, to);
        assertThat(rankRatio).isLessThan(randomRatio).isLessThan(1.3);
    }

    @Test
    void noFullSyncSucceedsWhileTheRemoteIsDownAndEveryNodeSyncsAfterIt() {
        Scenario restart = Scenario.of("postgres_restart", true, 200, 0);
        long from = restart.outageAt().toNanos();
        long to = from + restart.outage().toNanos();
        Load load = Prediction.simulate(restart, 1, from, to, restart.runFor());
        int[] per100ms = load.per100ms();
        for (long b = from / 100_000_000L + 1; b < to / 100_000_000L; b++) {
            assertThat(per100ms[(int) b]).as("bucket %d", b).isZero();
        }
        long afterRestart = 0;
        for (int b = (int) (to / 100_000_000L); b < per100ms.length; b++) {
            afterRestart += per100ms[b];
        }
        assertThat(afterRestart).isGreaterThanOrEqualTo(200);
    }

    @Test
    void scenariosCompressTimeAtConsulsProportions() {
        Scenario steady = Scenario.of("steady_random", false, 2000, 3);
        assertThat(steady.nodes()).isEqualTo(2003);
        assertThat(steady.scaleFactor()).isEqualTo(5);
        assertThat(steady.interval()).isEqualTo(Duration.ofSeconds(6));
        assertThat(steady.serverUpInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(steady.retryFailInterval()).isEqualTo(Duration.ofMillis(1500));
    }
}
