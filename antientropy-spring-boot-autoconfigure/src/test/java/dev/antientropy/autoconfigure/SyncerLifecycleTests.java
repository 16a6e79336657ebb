package dev.antientropy.autoconfigure;

import static dev.antientropy.autoconfigure.ManualTime.inVirtualTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.SyncerState;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The syncers live with the context ({@link StateSyncers} as a {@code SmartLifecycle}): started with it, paused
 * by {@code stop()} and resumed by {@code start()}, closed with it within the shutdown timeout; a wait that
 * outlasts that timeout is logged with the duration as a property value ({@code 400ms}, not {@code PT0.4S}).
 */
@ExtendWith(OutputCaptureExtension.class)
class SyncerLifecycleTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void lifecyclePhaseIsConfigurable() {
        contextRunner.withPropertyValues("antientropy.lifecycle.phase=42").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncers.class).getPhase()).isEqualTo(42);
        });
    }

    @Test
    void contextStartsSyncersAndStopStartPausesAndResumesThem() {
        inVirtualTime(contextRunner).run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            StateSyncers syncers = context.getBean(StateSyncers.class);
            StateSyncer syncer = syncers.get("catalog");
            assertThat(syncers.isRunning()).isTrue();
            scheduler.runDue();
            assertThat(state.calls()).containsExactly("full");

            context.stop();
            assertThat(syncers.isRunning()).isFalse();
            assertThat(syncer.isPaused()).isTrue();
            syncer.triggerSyncChanges();
            scheduler.runDue();
            assertThat(state.calls()).containsExactly("full");

            context.start();
            assertThat(syncers.isRunning()).isTrue();
            assertThat(syncer.isPaused()).isFalse();
            scheduler.runDue();
            assertThat(state.calls()).containsExactly("full", "changes");
        });
    }

    @Test
    void startKeepsAPauseThatTheLifecycleDidNotAdd() {
        inVirtualTime(contextRunner).run((context) -> {
            assertThat(context).hasNotFailed();
            StateSyncer syncer = context.getBean(StateSyncer.class);
            syncer.pause();
            context.stop();
            context.start();
            assertThat(syncer.status().pauseDepth()).isEqualTo(1);
        });
    }

    @Test
    void lifecycleStopReturnsAtOnceAndReportsBackWhenTheSyncInFlightEnds() {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SyncState slow = new SyncState() {
            @Override
            public void syncFull() throws InterruptedException {
                syncing.countDown();
                release.await();
            }

            @Override
            public void syncChanges() {
            }
        };
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withBean("slow", SyncState.class, () -> slow)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
                StateSyncers syncers = context.getBean(StateSyncers.class);
                CountDownLatch stopped = new CountDownLatch(1);
                syncers.stop(stopped::countDown);
                assertThat(syncers.isRunning()).isFalse();
                assertThat(syncers.get("slow").isPaused()).isTrue();
                assertThat(stopped.getCount()).isEqualTo(1);
                release.countDown();
                assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(syncers.get("slow").status().inFlight()).isNull();
            });
    }

    @Test
    void stopThatOutwaitsTheShutdownTimeoutSaysSoInPropertyTerms(CapturedOutput output) {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SyncState slow = new SyncState() {
            @Override
            public void syncFull() throws InterruptedException {
                syncing.countDown();
                release.await();
            }

            @Override
            public void syncChanges() {
            }
        };
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withBean("slow", SyncState.class, () -> slow)
            .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=400ms")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
                try {
                    context.getBean(StateSyncers.class).stop(); // waits the 400 ms for the sync in flight
                }
                finally {
                    release.countDown();
                }
                assertThat(output).contains("State syncers still syncing 400ms after they were paused")
                    .doesNotContain("PT0.4S");
            });
    }

    @Test
    void closingTheContextClosesTheSyncers() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
            StateSyncer syncer = context.getBean(StateSyncer.class);
            StateSyncers syncers = context.getBean(StateSyncers.class);
            context.close();
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
            assertThat(syncers.isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> !state.lastThread().isAlive());
        });
    }

    @Test
    void closeInterruptsASyncStillRunningAfterTheShutdownTimeout() {
        CountDownLatch syncing = new CountDownLatch(1);
        List<String> ends = new CopyOnWriteArrayList<>();
        SyncState stuck = new SyncState() {
            @Override
            public void syncFull() {
                syncing.countDown();
                try {
                    new CountDownLatch(1).await();
                }
                catch (InterruptedException ex) {
                    ends.add("interrupted");
                }
            }

            @Override
            public void syncChanges() {
            }
        };
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
                    AntiEntropyAutoConfiguration.class))
            .withBean("stuck", SyncState.class, () -> stuck)
            .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=100ms")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
                StateSyncer syncer = context.getBean(StateSyncer.class);
                context.close();
                assertThat(ends).containsExactly("interrupted");
                assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
                assertThat(syncer.status().lastFullSync().error()).contains("interrupted");
            });
    }
}
