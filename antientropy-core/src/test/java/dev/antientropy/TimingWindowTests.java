package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.ms;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Every timing window the README states ("How the timing works"), checked exactly in virtual time at both
 * edges: the smallest stagger (zero) gives the lower edge, the largest ({@code max - 1ns}) the upper edge minus
 * one nanosecond. With
 * {@code f = scaleFactor(1000) = 4}: periodic {@code [I, I(1+f))}, retry {@code [R, R(1+f))}, requested
 * {@code [0, S·f)}, start-up {@code [0, U·f)}.
 */
class TimingWindowTests {

    private static final int NODES = 1000;
    private static final int F = 4;

    private final SyncerFixture fixture = new SyncerFixture();

    private StateSyncer started(Stagger stagger) {
        return fixture.start(fixture.builder(stagger).clusterSize(() -> NODES).build());
    }

    @Test
    void periodicFullSyncAtTheLowerEdge() {
        started(Stagger.none());
        fixture.advance(s(60).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(60));
    }

    @Test
    void periodicFullSyncAtTheUpperEdge() {
        StateSyncer syncer = started(MAXIMAL);
        assertThat(fixture.staggerMaxima).containsExactly(s(60 * F));
        Duration upper = s(60 * (1 + F)).minus(NANO);
        assertThat(syncer.status().nextFullSyncDue()).isEqualTo(fixture.scheduler.now().plus(upper));
        fixture.advance(upper.minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, upper);
    }

    @Test
    void retryAtBothEdges() {
        fixture.state.thenFull(RecordingState.failing("down")).thenFull(RecordingState.failing("down"));
        StateSyncer syncer = fixture.start(fixture.builder(max -> fixture.state.count("full") == 1 ? Duration.ZERO
                : MAXIMAL.stagger(max)).clusterSize(() -> NODES).build());
        fixture.advance(s(15).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(15));
        Duration upper = s(15).plus(s(15 * (1 + F))).minus(NANO);
        fixture.advance(upper.minus(s(15)).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(2);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(15), upper);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @Test
    void requestedFullSyncAtBothEdges() {
        StateSyncer syncer = started(MAXIMAL);
        syncer.triggerSyncFull();
        fixture.advance(s(3 * F).minus(NANO).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(3 * F).minus(NANO));

        SyncerFixture zero = new SyncerFixture();
        StateSyncer immediate = zero.start(zero.builder().clusterSize(() -> NODES).build());
        immediate.triggerSyncFull();
        zero.scheduler.runDue();
        assertThat(zero.state.fullTimes()).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void startupStaggerAtBothEdges() {
        StateSyncer syncer = fixture.builder(MAXIMAL).clusterSize(() -> NODES).startupStagger(s(10)).build();
        fixture.start(syncer);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.STARTING);
        fixture.advance(s(10 * F).minus(NANO).minus(NANO));
        assertThat(fixture.state.calls()).isEmpty();
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(s(10 * F).minus(NANO));

        SyncerFixture zero = new SyncerFixture();
        zero.start(zero.builder().clusterSize(() -> NODES).startupStagger(s(10)).build());
        assertThat(zero.state.fullTimes()).containsExactly(Duration.ZERO);
    }

    @Test
    void requestDuringTheStartupStaggerBringsTheFirstFullSyncForward() {
        StateSyncer syncer = fixture.start(fixture.builder().startupStagger(s(60)).stagger(max -> max.minus(NANO))
                .build());
        syncer.triggerSyncChanges();
        syncer.triggerSyncFull();
        fixture.advance(s(3));
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
        assertThat(fixture.state.fullTimes()).containsExactly(s(3).minus(NANO));
    }

    @Test
    void theClusterSizeIsReadAfreshForEveryDelay() {
        AtomicInteger size = new AtomicInteger(1);
        StateSyncer syncer = fixture.start(fixture.builder().clusterSize(size::get).build());
        size.set(200);
        fixture.advance(s(60));
        size.set(10_000);
        fixture.advance(s(60));
        assertThat(fixture.staggerMaxima).containsExactly(s(60), s(120), s(480));
        assertThat(syncer.status().clusterSize()).isEqualTo(10_000);
        assertThat(syncer.status().scaleFactor()).isEqualTo(8);
    }

    @Test
    void theNextPeriodicFullSyncCountsFromTheEndOfTheLastOne() {
        fixture.state.thenFull(() -> fixture.advance(s(10))); // a full sync that takes 10 s
        fixture.started();
        fixture.advance(s(70).minus(fixture.scheduler.elapsed()).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(70));
    }

    @Test
    void backedOffRetriesAreCappedAndStaggeredOnTop() {
        fixture.state.alwaysFull(RecordingState.failing("down"));
        fixture.start(fixture.builder(MAXIMAL).retryBackoff(2.0, s(60)).build());
        fixture.advance(s(600));
        List<Duration> times = fixture.state.fullTimes();
        // base 15, 30, 60, 60 ... with a stagger of up to base (f = 1) on top: each gap is 2 * base - 1ns
        assertThat(times.subList(0, 5)).containsExactly(s(0), s(30).minus(NANO),
                s(90).minus(NANO).minus(NANO), s(210).minus(NANO.multipliedBy(3)),
                s(330).minus(NANO.multipliedBy(4)));
        for (int i = 3; i < times.size(); i++) {
            assertThat(times.get(i).minus(times.get(i - 1))).isEqualTo(s(120).minus(NANO));
        }
    }

    @Test
    void aSuccessResetsTheBackOff() {
        fixture.state.thenFull(RecordingState.failing("1")).thenFull(RecordingState.failing("2"))
                .thenFull(RecordingState.failing("3"));
        StateSyncer syncer = fixture.start(fixture.builder().retryBackoff(2.0, s(60)).build());
        fixture.advance(s(105));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(15), s(45), s(105));
        fixture.state.thenFull(RecordingState.failing("4"));
        fixture.advance(s(60));
        assertThat(syncer.status().consecutiveFullSyncFailures()).isEqualTo(1);
        fixture.advance(s(15));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(15), s(45), s(105), s(165), s(180));
    }

    // With a seeded uniform draw, 500 periodic gaps all fall in [I, I(1+f)) and cover most of it.
    @Test
    void periodicGapsOfAUniformStaggerStayInTheWindow() {
        fixture.start(fixture.builder(Stagger.uniform(new SplittableRandom(42))).clusterSize(() -> 200).build());
        fixture.advance(Duration.ofHours(20));
        List<Duration> times = fixture.state.fullTimes();
        assertThat(times).hasSizeGreaterThan(500);
        Duration shortest = Duration.ofDays(1);
        Duration longest = Duration.ZERO;
        for (int i = 1; i < times.size(); i++) {
            Duration gap = times.get(i).minus(times.get(i - 1));
            assertThat(gap).isBetween(s(60), s(180).minus(NANO));
            shortest = gap.compareTo(shortest) < 0 ? gap : shortest;
            longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        assertThat(shortest).isLessThan(s(62));
        assertThat(longest).isGreaterThan(s(178));
    }

    // Ports TestAE_staggerDependsOnClusterSize (#4): the stagger's range is the base times the scale factor
    // (Go replaces the random draw by the identity; here the draw records the maximum it is offered).
    @Test
    void staggerDependsOnClusterSize() {
        int[] size = { 1 };
        StateSyncer syncer = fixture.start(fixture.builder().interval(ms(10)).clusterSize(() -> size[0]).build());
        assertThat(fixture.staggerMaxima).last().isEqualTo(ms(10));
        size[0] = 256;
        fixture.advance(ms(10));
        assertThat(fixture.state.count("full")).isEqualTo(2);
        assertThat(fixture.staggerMaxima).last().isEqualTo(ms(20));
        assertThat(syncer.status().scaleFactor()).isEqualTo(2);
    }
}
