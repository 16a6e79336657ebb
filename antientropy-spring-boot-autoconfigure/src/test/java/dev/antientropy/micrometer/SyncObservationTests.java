package dev.antientropy.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.autoconfigure.AntiEntropyAutoConfiguration;
import dev.antientropy.autoconfigure.AntiEntropyMetricsAutoConfiguration;
import dev.antientropy.autoconfigure.AntiEntropyObservationAutoConfiguration;
import dev.antientropy.testing.VirtualTimeConfiguration;
import dev.antientropy.test.ManualSyncScheduler;

/** One {@code Observation} per sync, recorded by a {@link TestObservationRegistry}. */
class SyncObservationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                AntiEntropyMetricsAutoConfiguration.class, AntiEntropyObservationAutoConfiguration.class))
        .withUserConfiguration(VirtualTimeConfiguration.class)
        .withBean(TestObservationRegistry.class, TestObservationRegistry::create);

    @Test
    void aSuccessfulFullSyncIsOneStoppedObservationWithItsKeys() {
        contextRunner.withBean("catalog", SeenState.class, SeenState::new).run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(ManualSyncScheduler.class).runDue();

            assertThat(context.getBean(TestObservationRegistry.class)).hasNumberOfObservationsEqualTo(1)
                .hasSingleObservationThat()
                .hasNameEqualTo("antientropy.sync")
                .hasContextualNameEqualTo("antientropy full sync")
                .hasLowCardinalityKeyValue("syncer", "catalog")
                .hasLowCardinalityKeyValue("type", "full")
                .hasLowCardinalityKeyValue("outcome", "success")
                .doesNotHaveError()
                .hasBeenStarted()
                .hasBeenStopped();
        });
    }

    @Test
    void aFailedSyncCarriesItsError() {
        contextRunner.withBean("catalog", SeenState.class, () -> new SeenState(new IllegalStateException("down")))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(ManualSyncScheduler.class).runDue();

                assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
                    .hasLowCardinalityKeyValue("outcome", "failure")
                    .assertThatError()
                    .hasMessage("down");
            });
    }

    @Test
    void theSyncSeesItsObservationAsTheCurrentOne() {
        contextRunner.withBean("catalog", SeenState.class, SeenState::new).run((context) -> {
            assertThat(context).hasNotFailed();
            SeenState state = context.getBean(SeenState.class);
            state.registry = context.getBean(ObservationRegistry.class);
            context.getBean(ManualSyncScheduler.class).runDue();
            context.getBean(StateSyncer.class).triggerSyncChanges();
            context.getBean(ManualSyncScheduler.class).runDue();

            assertThat(state.seen).containsExactly("antientropy.sync full", "antientropy.sync changes");
            assertThat(state.registry.getCurrentObservation()).isNull(); // every scope closed again
        });
    }

    @Test
    void withMetersTheTimerRecordsEachObservedSyncOnce() {
        contextRunner.withBean("catalog", SeenState.class, SeenState::new)
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(ManualSyncScheduler.class).runDue();

                assertThat(context.getBean(TestObservationRegistry.class)).hasNumberOfObservationsEqualTo(1);
                assertThat(AntiEntropyMetricsTests.timer(context.getBean(MeterRegistry.class), "full", "success")
                    .count()).isEqualTo(1);
            });
    }

    @Test
    void aHandlerInTheRegistryRecordsTheTimerAndTheListenerDoesNotAgain() {
        contextRunner.withBean("catalog", SeenState.class, SeenState::new)
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                registry.observationConfig()
                    .observationHandler(context.getBean(SyncMeterObservationHandler.class));
                context.getBean(ManualSyncScheduler.class).runDue();

                assertThat(AntiEntropyMetricsTests.timer(context.getBean(MeterRegistry.class), "full", "success")
                    .count()).isEqualTo(1);
            });
    }

    /** A remote that notes the current observation while it syncs, and may fail. */
    static class SeenState implements SyncState {

        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile ObservationRegistry registry = ObservationRegistry.NOOP;
        private final RuntimeException failure;

        SeenState() {
            this(null);
        }

        SeenState(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void syncFull() {
            run();
        }

        @Override
        public void syncChanges() {
            run();
        }

        private void run() {
            Observation current = registry.getCurrentObservation();
            if (current != null) {
                seen.add(current.getContextView().getName() + " "
                        + current.getContextView().getLowCardinalityKeyValue("type").getValue());
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
