package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.testing.ScriptedSyncState;
import dev.antientropy.test.ManualSyncScheduler;

/** The health rules, on syncers built by hand: one indicator per syncer under the composite. */
class AntiEntropyHealthContributorTests {

    private final ManualSyncScheduler scheduler = new ManualSyncScheduler();

    private final ScriptedSyncState remote = new ScriptedSyncState();

    private final StateSyncer catalog = StateSyncer.builder(remote)
        .name("catalog")
        .scheduler(scheduler)
        .stagger(Stagger.none())
        .build();

    private final AtomicBoolean running = new AtomicBoolean(true);

    @AfterEach
    void close() {
        remote.release();
        catalog.close();
    }

    private HealthIndicator indicator(int threshold) {
        return (HealthIndicator) new AntiEntropyHealthContributor(Map.of("catalog", catalog), running::get,
                (name) -> threshold).getContributor("catalog");
    }

    @Test
    void oneIndicatorPerSyncerOrderedByName() {
        StateSyncer billing = StateSyncer.builder(new ScriptedSyncState()).name("billing").scheduler(scheduler).build();
        try {
            AntiEntropyHealthContributor contributor = new AntiEntropyHealthContributor(
                    Map.of("catalog", catalog, "billing", billing), running::get,
                    (name) -> name.equals("billing") ? 3 : 0);

            assertThat(contributor.stream().map(HealthContributors.Entry::name))
                .containsExactly("billing", "catalog");
            assertThat(contributor.getContributor("billing")).isInstanceOf(SyncerHealthIndicator.class);
            assertThat(contributor.getContributor("unknown")).isNull();
            Health health = ((HealthIndicator) contributor.getContributor("billing")).health();
            assertThat(health.getDetails()).containsEntry("maxConsecutiveFailures", 3);
        }
        finally {
            billing.close();
        }
    }

    @Test
    void detailsAreTheEndpointsDescriptorParts() {
        catalog.start();
        scheduler.runDue();

        Health health = indicator(0).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        SyncerDescriptor descriptor = SyncerDescriptor.of(catalog, Instant.now());
        assertThat(health.getDetails()).containsOnlyKeys("state", "paused", "pauseDepth", "lastFullSync",
                "lastFullSyncSuccess", "consecutiveFullSyncFailures", "nextFullSyncDue", "maxConsecutiveFailures")
            .containsEntry("state", "PARTIAL_SYNC")
            .containsEntry("lastFullSync", descriptor.lastFullSync())
            .containsEntry("lastFullSyncSuccess", descriptor.lastFullSyncSuccess())
            .containsEntry("nextFullSyncDue", descriptor.nextFullSyncDue());
    }

    @Test
    void upWhateverTheRemoteDoesByDefault() {
        remote.failWith(new IllegalStateException("remote down"));
        catalog.start();
        scheduler.runDue();
        for (int retry = 0; retry < 20; retry++) {
            scheduler.advance(Duration.ofSeconds(15));
        }

        Health health = indicator(0).health();

        assertThat(catalog.status().consecutiveFullSyncFailures()).isEqualTo(21);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(details(health)).containsEntry("consecutiveFullSyncFailures", 21)
            .containsEntry("maxConsecutiveFailures", 0)
            .doesNotContainKey("reason");
    }

    @Test
    void downOnceConsecutiveFailuresReachTheThresholdAndUpAfterASuccess() {
        remote.failWith(new IllegalStateException("remote down"));
        catalog.start();
        scheduler.runDue();
        assertThat(indicator(2).health().getStatus()).isEqualTo(Status.UP);
        scheduler.advance(Duration.ofSeconds(15));
        assertThat(indicator(2).health().getStatus()).isEqualTo(Status.DOWN);

        remote.succeed();
        scheduler.advance(Duration.ofSeconds(15));

        assertThat(indicator(2).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenStoppedWhileTheApplicationRuns() {
        catalog.start();
        scheduler.runDue();
        catalog.close();

        Health health = indicator(0).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(health)).containsEntry("state", "DONE")
            .containsEntry("reason", "stopped while the application runs");
    }

    @Test
    void aStoppedSyncerIsNotDownOnceTheApplicationStopsToo() {
        catalog.start();
        scheduler.runDue();
        running.set(false);
        catalog.close();

        assertThat(indicator(0).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aPausedSyncerIsUpAndSaysSo() {
        catalog.start();
        scheduler.runDue();
        catalog.pause();

        Health health = indicator(0).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(details(health)).containsEntry("paused", true);
        catalog.resume();
    }

    @Test
    void showsTheSyncInFlightAndItsAge() throws InterruptedException {
        ScriptedSyncState slow = new ScriptedSyncState();
        slow.hold();
        StateSyncer real = StateSyncer.builder(slow).name("slow").build();
        try {
            real.start();
            assertThat(slow.awaitEntered()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> real.status().inFlight() != null);
            Instant started = real.status().inFlight().startedAt();
            Clock later = Clock.fixed(started.plusSeconds(42), ZoneOffset.UTC);

            Health health = new SyncerHealthIndicator(real, () -> true, 0, later).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("inFlight",
                    new SyncerDescriptor.InFlightDescriptor("full", started.toString(), 42_000L));
        }
        finally {
            slow.release();
            real.close();
        }
    }

    private static Map<String, Object> details(Health health) {
        return health.getDetails();
    }
}
