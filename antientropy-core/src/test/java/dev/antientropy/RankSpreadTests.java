package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.ms;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.antientropy.internal.timing.FullSyncTiming;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * Rank spread ({@link StateSyncer.Builder#fleetPosition(FleetPositionProvider)}), in virtual time. With the
 * interval {@code I = 60s} and one node ({@code f = 1}) the period is {@code P = I * (1 + f/2) = 90s} and Consul's
 * periodic window {@code [60s, 120s)}. The scheduler's wall clock starts at 2026-01-01T00:00:00Z, a multiple of
 * 90s since the epoch, so the grid's slots fall at {@code k * 90s + q * 90s} of virtual time.
 */
class RankSpreadTests {

    private final SyncerFixture fixture = new SyncerFixture();

    private static FleetPositionProvider at(int rank, int size) {
        FleetPosition position = new FleetPosition(rank, size);
        return () -> Optional.of(position);
    }

    @Test
    void theClockOriginLiesOnTheGrid() {
        assertThat(fixture.scheduler.now().getEpochSecond() % 90).isZero();
    }

    @Test
    void periodicFullSyncsLandOnTheRankSlotsOnePeriodApart() {
        // q = 1/4: slots at 22.5s + k * 90s. After the full sync at 0 the earliest is 60s: slot 112.5s.
        fixture.start(fixture.builder(MAXIMAL).fleetPosition(at(1, 4)).build());
        fixture.advance(s(400));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, ms(112_500), ms(202_500),
                ms(292_500), ms(382_500));
        assertThat(fixture.staggerMaxima).as("no random draw for a placed full sync").isEmpty();
    }

    @Test
    void aSlotOutsideConsulsWindowFallsBackToRandomThenSettlesOnTheGrid() {
        // q = 1/2: slots at 45s + k * 90s. From 0 the first slot at least 60s on is 135s, 75s late: outside
        // [60s, 120s), so the random draw places it (here at the window's lower edge, 60s). From 60s the slot
        // 135s is 15s late: inside, and every later one is 90s on.
        fixture.start(fixture.builder(Stagger.none()).fleetPosition(at(1, 2)).build());
        fixture.advance(s(320));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(60), s(135), s(225), s(315));
        assertThat(fixture.staggerMaxima).containsExactly(s(60));
    }

    @Test
    void theFallbackDrawsAnywhereInConsulsWindow() {
        fixture.start(fixture.builder(MAXIMAL).fleetPosition(at(1, 2)).build());
        fixture.advance(s(120));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(120).minus(NANO));
    }

    @Test
    void aFleetSpreadsItsFullSyncsEvenlyAndEveryGapStaysInConsulsWindow() {
        int nodes = 1000; // f = 4: P = 60s * 3 = 180s, window [60s, 300s)
        int fleet = 12;
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        List<RecordingState> states = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int rank = 0; rank < fleet; rank++) {
            RecordingState state = new RecordingState(scheduler);
            states.add(state);
            Duration work = ms(random.nextInt(5_000)); // every full sync takes its own time
            state.alwaysFull(() -> scheduler.advance(work));
            StateSyncer.builder(state).name("node" + rank).scheduler(scheduler).clusterSize(() -> nodes)
                    .stagger(Stagger.uniform(random)).fleetPosition(at(rank, fleet)).build().start();
        }
        scheduler.advance(Duration.ofHours(2));
        TreeSet<Long> phases = new TreeSet<>();
        for (RecordingState state : states) {
            List<Duration> times = state.fullTimes();
            assertThat(times).hasSizeGreaterThan(30);
            for (int i = 1; i < times.size(); i++) {
                Duration gap = times.get(i).minus(times.get(i - 1));
                assertThat(gap).isGreaterThanOrEqualTo(s(60)).isLessThan(s(300).plus(s(5)));
            }
            for (int i = 2; i < times.size(); i++) {
                assertThat(times.get(i).minus(times.get(i - 1))).as("settled on the grid").isEqualTo(s(180));
            }
            phases.add(times.get(times.size() - 1).toMillis() % 180_000);
        }
        List<Long> expected = new ArrayList<>();
        for (int rank = 0; rank < fleet; rank++) {
            expected.add(180_000L * rank / fleet);
        }
        assertThat(phases).containsExactlyElementsOf(expected);
    }

    @Test
    void everyPlacedDelayStaysInsideConsulsWindow() {
        SyncSettings settings = new SyncSettings("placed", s(60), s(3), s(15), 128, null, Duration.ZERO, 1.0,
                Duration.ofMinutes(5));
        SplittableRandom random = new SplittableRandom(11);
        for (int run = 0; run < 20_000; run++) {
            int size = 1 + random.nextInt(500);
            AtomicReference<FleetPosition> position = new AtomicReference<>(new FleetPosition(random.nextInt(size), size));
            int nodes = 1 + random.nextInt(20_000);
            int f = StateSyncer.scaleFactor(nodes);
            FullSyncTiming timing = new FullSyncTiming(settings, MAXIMAL, () -> nodes,
                    () -> Optional.of(position.get()));
            long end = 1_767_225_600_000_000_000L + random.nextLong(Duration.ofDays(1).toNanos());
            long delay = timing.periodicDelay(end);
            assertThat(delay).isGreaterThanOrEqualTo(s(60).toNanos()).isLessThan(s(60).toNanos() * (1 + f));
            assertThat(timing.requestedDelay()).isGreaterThanOrEqualTo(0).isLessThan(s(3).toNanos() * f);
            position.set(new FleetPosition(random.nextInt(size), size)); // the ranks shifted: placed again
            long again = timing.placeAgain(end, delay);
            if (again != -1) {
                assertThat(again).isGreaterThanOrEqualTo(s(60).toNanos()).isLessThan(s(60).toNanos() * (1 + f));
                assertThat(Math.abs(again - delay)).as("the nearest slot").isLessThanOrEqualTo(
                        s(60).toNanos() * (2 + f) / 4);
            }
        }
    }

    @Test
    void startUpAndRequestedFullSyncsArePlacedByRankInTheirWindows() {
        // f = 4; rank 3 of 8: q = 3/8 of [0, 40s) is 15s; of the requested window [0, 12s) 4.5s.
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).clusterSize(() -> 1000)
                .startupStagger(s(10)).fleetPosition(at(3, 8)).build());
        fixture.advance(s(15).minus(NANO));
        assertThat(fixture.state.count("full")).isZero();
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(s(15));
        syncer.triggerSyncFull();
        fixture.advance(ms(4_500));
        assertThat(fixture.state.fullTimes()).containsExactly(s(15), ms(19_500));
        assertThat(fixture.staggerMaxima).isEmpty();
    }

    @Test
    void aNodeJoiningARunningFleetStartsOnItsSlotOfTheGrid() {
        // f = 4: P = 180s, start-up window [0, 240s) is wider than P. q = 1/4: slots at 45s + k * 180s. Started at
        // 100s, the next slot is 225s: 125s later, inside the window; the next full sync one period on.
        fixture.advance(s(100));
        fixture.start(fixture.builder(MAXIMAL).clusterSize(() -> 1000).startupStagger(s(60))
                .fleetPosition(at(1, 4)).build());
        fixture.advance(s(125).minus(NANO));
        assertThat(fixture.state.count("full")).isZero();
        fixture.advance(s(200));
        assertThat(fixture.state.fullTimes()).containsExactly(s(225), s(405));
        assertThat(fixture.staggerMaxima).isEmpty();
    }

    @Test
    void aFirstFullSyncOnTheGridIsPlacedAgainWithThePositionItHasShortlyBeforeItIsDue() {
        // As above: started at 100s, q = 1/4, slot 225s. At 200s the node is rank 2 of 4: its nearest slot is 270s,
        // 170s after the start, inside the start-up window [0, 240s).
        AtomicReference<Optional<FleetPosition>> position = new AtomicReference<>(Optional.of(new FleetPosition(1, 4)));
        fixture.advance(s(100));
        fixture.start(fixture.builder(MAXIMAL).clusterSize(() -> 1000).startupStagger(s(60))
                .fleetPosition(position::get).build());
        fixture.advance(s(100));
        position.set(Optional.of(new FleetPosition(2, 4)));
        fixture.advance(s(100));
        assertThat(fixture.state.fullTimes()).containsExactly(s(270));
        assertThat(fixture.staggerMaxima).isEmpty();
    }

    @Test
    void aStartUpWindowNarrowerThanThePeriodTakesTheGridsPhaseScaledIntoIt() {
        // f = 1: P = 90s, window [0, 10s). q = 1/2: slots at 45s + k * 90s. Started at 60s, the next slot is 75s
        // away: 75/90 of the window is 8.333...s.
        fixture.advance(s(60));
        fixture.start(fixture.builder(MAXIMAL).startupStagger(s(10)).fleetPosition(at(1, 2)).build());
        fixture.advance(s(10));
        assertThat(fixture.state.fullTimes()).containsExactly(s(60).plus(Duration.ofNanos(8_333_333_333L)));
    }

    @Test
    void aPlacedFullSyncIsPlacedAgainWithThePositionItHasShortlyBeforeItIsDue() {
        // f = 4: P = 180s, window [60s, 300s); placing again 5s before. q = 1/4 from the sync at 0: slot 225s.
        // The ranks shift (a node joined before this one) at 200s: q = 2/4, slot 270s.
        AtomicReference<Optional<FleetPosition>> position = new AtomicReference<>(Optional.of(new FleetPosition(1, 4)));
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).clusterSize(() -> 1000)
                .fleetPosition(position::get).build());
        assertThat(syncer.status().nextFullSyncDue()).isEqualTo(fixture.scheduler.now().plus(s(225)));
        fixture.advance(s(200));
        position.set(Optional.of(new FleetPosition(2, 4)));
        fixture.advance(s(100));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(270));
        assertThat(fixture.staggerMaxima).isEmpty();
    }

    @Test
    void aSlotThatMovedEarlierThanNowRunsAtOnceAndStaysInConsulsWindow() {
        // q = 1/4 -> slot 225s; at 210s the node is rank 0: slot 180s, already past when it is placed again at
        // 220s: at once, 220s after the last full sync (window [60s, 300s)).
        AtomicReference<Optional<FleetPosition>> position = new AtomicReference<>(Optional.of(new FleetPosition(1, 4)));
        fixture.start(fixture.builder(MAXIMAL).clusterSize(() -> 1000).fleetPosition(position::get).build());
        fixture.advance(s(210));
        position.set(Optional.of(new FleetPosition(0, 4)));
        fixture.advance(s(20));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(220));
    }

    @Test
    void aPlacedFullSyncStaysWhereItIsWhenThePositionIsLostOrChangesAfterThePlacingAgain() {
        AtomicReference<Optional<FleetPosition>> position = new AtomicReference<>(Optional.of(new FleetPosition(1, 4)));
        fixture.start(fixture.builder(MAXIMAL).clusterSize(() -> 1000).fleetPosition(position::get).build());
        fixture.advance(s(200));
        position.set(Optional.empty()); // not in the list at 220s: the slot of 225s stays, no random draw
        fixture.advance(s(21));
        position.set(Optional.of(new FleetPosition(3, 4))); // after the placing again: too late to matter
        fixture.advance(s(10));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(225));
        assertThat(fixture.staggerMaxima).isEmpty();
    }

    @Test
    void retriesStayRandom() {
        fixture.state.thenFull(RecordingState.failing("down"));
        fixture.start(fixture.builder(MAXIMAL).fleetPosition(at(0, 4)).build());
        fixture.advance(s(30));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(30).minus(NANO));
        assertThat(fixture.staggerMaxima).containsExactly(s(15));
    }

    @Test
    void withoutAPositionEveryDelayIsRandomAsInConsul() {
        AtomicReference<Optional<FleetPosition>> position = new AtomicReference<>(Optional.empty());
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).fleetPosition(position::get).build());
        fixture.advance(s(120));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(120).minus(NANO));
        assertThat(syncer.timing().spread()).isEqualTo(SyncTiming.SPREAD_RANDOM);
        assertThat(syncer.timing().position()).isNull();
        position.set(Optional.of(new FleetPosition(0, 1)));
        assertThat(syncer.timing().spread()).isEqualTo(SyncTiming.SPREAD_RANK);
    }

    @Test
    void aThrowingProviderFallsBackToRandomAndTheSyncerGoesOn() {
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).fleetPosition(() -> {
            throw new IllegalStateException("membership unknown");
        }).build());
        fixture.advance(s(240));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(120).minus(NANO),
                s(240).minus(NANO).minus(NANO));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(syncer.timing().spread()).isEqualTo(SyncTiming.SPREAD_RANDOM);
    }

    @Test
    void timingStatesTheWindowsAndThePosition() {
        StateSyncer syncer = fixture.start(fixture.builder().clusterSize(() -> 1000).startupStagger(s(10))
                .retryBackoff(2.0, s(50)).fleetPosition(at(1, 4)).build());
        SyncTiming timing = syncer.timing();
        assertThat(timing.interval()).isEqualTo(s(60));
        assertThat(timing.clusterSize()).isEqualTo(1000);
        assertThat(timing.scaleFactor()).isEqualTo(4);
        assertThat(timing.periodic()).isEqualTo(new SyncTiming.Window(s(60), s(300)));
        assertThat(timing.retry()).isEqualTo(new SyncTiming.Window(s(15), s(75)));
        assertThat(timing.requested()).isEqualTo(new SyncTiming.Window(Duration.ZERO, s(12)));
        assertThat(timing.startup()).isEqualTo(new SyncTiming.Window(Duration.ZERO, s(40)));
        assertThat(timing.spread()).isEqualTo(SyncTiming.SPREAD_RANK);
        assertThat(timing.position()).isEqualTo(new FleetPosition(1, 4));

        fixture.state.alwaysFull(RecordingState.failing("down"));
        syncer.triggerSyncFull();
        fixture.advance(s(12));
        assertThat(syncer.status().consecutiveFullSyncFailures()).isEqualTo(1);
        assertThat(syncer.timing().retry()).as("the next retry backs off").isEqualTo(new SyncTiming.Window(s(30),
                s(150)));
    }

    @Test
    void timingWithoutAProviderIsRandom() {
        StateSyncer syncer = fixture.started();
        SyncTiming timing = syncer.timing();
        assertThat(timing.spread()).isEqualTo(SyncTiming.SPREAD_RANDOM);
        assertThat(timing.position()).isNull();
        assertThat(timing.periodic()).isEqualTo(new SyncTiming.Window(s(60), s(120)));
        assertThat(timing.startup()).isEqualTo(new SyncTiming.Window(Duration.ZERO, Duration.ZERO));
        assertThat(timing.startup().contains(Duration.ZERO)).isTrue();
    }
}
