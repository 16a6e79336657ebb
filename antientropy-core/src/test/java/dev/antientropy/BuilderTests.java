package dev.antientropy;

import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.antientropy.test.ManualSyncScheduler;

/** The builder checks each value at once and names the parameter, the rule and the value. */
class BuilderTests {

    private final StateSyncer.Builder builder = StateSyncer.builder(new RecordingState(new ManualSyncScheduler()));

    @Test
    void defaultsAreConsuls() {
        SyncSettings settings = builder.build().settings();
        assertThat(settings).isEqualTo(new SyncSettings("default", s(60), s(3), s(15), 128, null, Duration.ZERO, 1.0,
                Duration.ofMinutes(5)));
        assertThat(settings.backsOff()).isFalse();
    }

    @Test
    void nameMustNotBeBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.name(" ")).withMessage("name must not be blank");
        assertThatNullPointerException().isThrownBy(() -> builder.name(null)).withMessage("name must not be null");
    }

    @Test
    void syncerReturnsTheVeryStateItWasBuiltFor() {
        RecordingState state = new RecordingState(new ManualSyncScheduler());
        StateSyncer syncer = StateSyncer.builder(state).name("catalog").build();
        assertThat(syncer.state()).isSameAs(state);
    }

    @Test
    void stateMustNotBeNull() {
        assertThatNullPointerException().isThrownBy(() -> StateSyncer.builder(null))
                .withMessage("state must not be null");
    }

    @Test
    void scaleThresholdMustBeAtLeastOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.scaleThreshold(0))
                .withMessage("scaleThreshold must be at least 1, was 0");
    }

    @Test
    void startupStaggerMayBeZeroButNotNegative() {
        assertThat(builder.startupStagger(Duration.ZERO).build().settings().startupStagger()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.startupStagger(s(-1)))
                .withMessage("startupStagger must not be negative, was PT-1S");
    }

    @Test
    void retryBackoffIsChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.retryBackoff(0.5, s(60)))
                .withMessage("retryBackoff multiplier must be at least 1, was 0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.retryBackoff(Double.NaN, s(60)))
                .withMessage("retryBackoff multiplier must be at least 1, was NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.retryBackoff(2, Duration.ZERO))
                .withMessage("retryBackoff maxInterval must be positive, was PT0S");
        StateSyncer.Builder capBelowRetry = builder.retryFailInterval(s(30)).retryBackoff(2, s(10));
        assertThatIllegalArgumentException().isThrownBy(capBelowRetry::build)
                .withMessage("retryBackoff maxInterval must not be below retryFailInterval (PT30S), was PT10S");
    }

    @Test
    void aBackoffWithoutACapTakesTheDefaultOne() {
        assertThat(builder.retryBackoff(2.0).build().settings()).satisfies(settings -> {
            assertThat(settings.retryBackoffMultiplier()).isEqualTo(2.0);
            assertThat(settings.retryBackoffMaxInterval()).isEqualTo(Duration.ofMinutes(5));
        });
        assertThat(builder.retryBackoff(2.0, s(60)).retryBackoff(3.0).retryFailInterval(Duration.ofMinutes(10))
                .build().settings().retryBackoffMaxInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theDefaultBackoffCapGrowsWithALongRetryInterval() {
        assertThat(builder.retryFailInterval(Duration.ofMinutes(10)).build().settings().retryBackoffMaxInterval())
                .isEqualTo(Duration.ofMinutes(10));
    }

    // A scheduler brings its own thread, so whichever of the two comes last wins: a test can swap in virtual
    // time over a configuration that chose virtual threads.
    @Test
    void aSchedulerAndAThreadFactoryReplaceEachOther() {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        StateSyncer virtualTime = StateSyncer.builder(() -> calls.add("full")).threadFactory(Thread::new)
                .scheduler(scheduler).build();
        virtualTime.start();
        scheduler.runDue();
        assertThat(calls).containsExactly("full");

        StateSyncer realThread = StateSyncer.builder(() -> calls.add("real")).scheduler(scheduler)
                .threadFactory(runnable -> new Thread(runnable)).build();
        realThread.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("real"));
        realThread.close();
    }

    // SyncState is a functional interface: a lambda is a full sync, and a partial sync then runs it too.
    @Test
    void aLambdaStateRunsAFullSyncForAPartialOne() {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        StateSyncer syncer = StateSyncer.builder(() -> calls.add("full")).scheduler(scheduler).build();
        syncer.triggerSyncChanges();
        syncer.start();
        scheduler.runDue();
        assertThat(calls).containsExactly("full", "full");
        assertThat(syncer.status().partialSyncs()).isEqualTo(1);
    }

    private final SyncerFixture fixture = new SyncerFixture();

    // Ports TestAE_Run_Quit "Run panics without ClusterSize" (#6a). Differs: there is always a cluster size
    // (default 1); a missing one is refused by the builder, before anything runs.
    @Test
    void missingClusterSizeIsRefusedByTheBuilder() {
        assertThatNullPointerException().isThrownBy(() -> fixture.builder().clusterSize(null))
                .withMessage("clusterSize must not be null");
    }

    // Original: a zero interval is accepted and the syncer spins on full syncs. Here the builder refuses it,
    // naming the parameter, the rule and the value.
    @Test
    void zeroOrNegativeIntervalsAreRefused() {
        StateSyncer.Builder builder = fixture.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.interval(Duration.ZERO))
                .withMessage("interval must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.interval(s(-1)))
                .withMessage("interval must be positive, was PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.serverUpInterval(Duration.ZERO))
                .withMessage("serverUpInterval must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.retryFailInterval(Duration.ZERO))
                .withMessage("retryFailInterval must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.syncTimeout(Duration.ZERO))
                .withMessage("syncTimeout must be positive, was PT0S");
    }
}
