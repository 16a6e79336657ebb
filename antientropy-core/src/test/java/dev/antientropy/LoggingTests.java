package dev.antientropy;

import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The log lines, all under the category {@code dev.antientropy.StateSyncer}: a DEBUG line per state change
 * naming the syncer; a failure WARNs once with its stack, then repeats are summarised until recovery, which
 * logs INFO.
 */
class LoggingTests {

    private final SyncerFixture fixture = new SyncerFixture();
    private final Logger logger = (Logger) LoggerFactory.getLogger(StateSyncer.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<String> lines(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void eachStateChangeIsOneDebugLineNamingTheSyncerAndTheReason() {
        StateSyncer syncer = fixture.started();
        fixture.advance(s(60));
        syncer.close();
        assertThat(lines(Level.DEBUG)).containsExactly(
                "syncer 'test': NEW -> FULL_SYNC (start)",
                "syncer 'test': FULL_SYNC -> PARTIAL_SYNC (full sync succeeded)",
                "syncer 'test': PARTIAL_SYNC -> FULL_SYNC (interval elapsed)",
                "syncer 'test': FULL_SYNC -> PARTIAL_SYNC (full sync succeeded)",
                "syncer 'test': PARTIAL_SYNC -> DONE (closed)");
    }

    @Test
    void aFailureStreakWarnsOnceWithTheStackThenSummarisesThenRecovers() {
        for (int i = 1; i <= 9; i++) {
            fixture.state.thenFull(RecordingState.failing("refused " + i));
        }
        fixture.started();
        fixture.advance(s(15 * 9));
        assertThat(fixture.state.count("full")).isEqualTo(10);

        List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(4); // failures 1, 2, 4, 8
        assertThat(warnings.get(0).getFormattedMessage()).isEqualTo("syncer 'test': full sync failed");
        assertThat(warnings.get(0).getThrowableProxy().getMessage()).isEqualTo("refused 1");
        assertThat(warnings.subList(1, 4)).allSatisfy(w -> assertThat(w.getThrowableProxy()).isNull());
        assertThat(warnings.get(1).getFormattedMessage()).isEqualTo(
                "syncer 'test': full sync failing: 2 failures since 2026-01-01T00:00:00Z, last IOException: refused 2");
        assertThat(warnings.get(3).getFormattedMessage()).startsWith("syncer 'test': full sync failing: 8 failures");
        assertThat(lines(Level.INFO)).containsExactly(
                "syncer 'test': full sync recovered after 9 failures since 2026-01-01T00:00:00Z");
    }

    @Test
    void partialSyncFailuresHaveTheirOwnStreak() {
        StateSyncer syncer = fixture.started();
        fixture.state.thenChanges(RecordingState.failing("a")).thenChanges(RecordingState.failing("b"));
        for (int i = 0; i < 3; i++) {
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
        }
        assertThat(lines(Level.WARN)).containsExactly("syncer 'test': partial sync failed",
                "syncer 'test': partial sync failing: 2 failures since 2026-01-01T00:00:00Z, last IOException: b");
        assertThat(lines(Level.INFO)).containsExactly(
                "syncer 'test': partial sync recovered after 2 failures since 2026-01-01T00:00:00Z");
    }

    // Issue 16: logging categories are API. User code that misbehaves (a stagger, a cluster-size supplier, a fleet
    // position provider or a listener that throws) is reported under the public category too, never under the
    // name of an internal class, so logging.level.dev.antientropy.StateSyncer configures every line of the core.
    @Test
    void everyLineIsUnderThePublicCategoryMisbehavingUserCodeIncluded() {
        Logger all = (Logger) LoggerFactory.getLogger("dev.antientropy");
        ListAppender<ILoggingEvent> everything = new ListAppender<>();
        everything.start();
        all.addAppender(everything);
        try {
            StateSyncer syncer = fixture.start(fixture.builder(max -> {
                throw new IllegalStateException("stagger broke");
            }).clusterSize(() -> {
                throw new IllegalStateException("size broke");
            }).fleetPosition(() -> {
                throw new IllegalStateException("position broke");
            }).listener(new SyncListener() {
                @Override
                public void stateChanged(String syncer, SyncerState from, SyncerState to) {
                    throw new IllegalStateException("listener broke");
                }
            }).build());
            fixture.advance(s(120));
            syncer.close();
        }
        finally {
            all.detachAppender(everything);
        }
        // Each misbehaving piece WARNs the first time and logs DEBUG after (the stagger and the cluster-size
        // supplier share one such warning): every report is there, at one level or the other.
        assertThat(everything.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("stagger threw"))
                .anySatisfy(line -> assertThat(line).contains("cluster size supplier threw"))
                .anySatisfy(line -> assertThat(line).contains("fleet position provider threw"))
                .anySatisfy(line -> assertThat(line).contains("listener").contains("threw from stateChanged"));
        assertThat(everything.list).extracting(ILoggingEvent::getLoggerName)
                .containsOnly(StateSyncer.class.getName());
    }
}
