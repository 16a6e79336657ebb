package dev.antientropy.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncScheduler;
import dev.antientropy.SyncState;

/**
 * {@link VirtualSyncTime} on a Spring test: the syncer of the context, built from the context's
 * {@code SyncScheduler} and {@code Stagger} beans as the starter builds its own, runs only when the test moves
 * the injected {@link ManualSyncScheduler}, on the test thread, each delay at the lower end of its window. (The
 * starter's syncers on these beans: {@code VirtualSyncTimeStarterTests} in the auto-configuration module, which
 * this module cannot depend on, and the sample's tests.)
 */
@SpringBootTest(classes = VirtualSyncTimeTests.Application.class)
@VirtualSyncTime
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class VirtualSyncTimeTests {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final Duration RETRY = Duration.ofSeconds(15);
    static final Duration NANO = Duration.ofNanos(1);

    @Autowired
    ManualSyncScheduler scheduler;

    @Autowired
    RecordingState state;

    @Autowired
    StateSyncer syncer;

    @Autowired
    ApplicationContext context;

    @Test
    void theInjectedSchedulerIsTheClockAndThreadOfTheSyncer() {
        assertThat(context.getBean(SyncScheduler.class)).isSameAs(scheduler);
        assertThat(state.calls).as("started with the context, but nothing runs until the clock moves").isEmpty();

        scheduler.runDue();

        assertThat(state.calls).containsExactly("full on " + Thread.currentThread().getName());
    }

    @Test
    void aRequestedFullSyncRunsAtOnce() {
        scheduler.runDue();
        state.calls.clear();

        syncer.triggerSyncFull();
        scheduler.runDue();

        assertThat(state.calls).hasSize(1).allMatch((call) -> call.startsWith("full"));
    }

    @Test
    void thePeriodicFullSyncComesExactlyOneIntervalAfterTheLast() {
        scheduler.runDue();
        state.calls.clear();

        scheduler.advance(INTERVAL.minus(NANO));
        assertThat(state.calls).isEmpty();
        scheduler.advance(NANO);
        assertThat(state.calls).hasSize(1).allMatch((call) -> call.startsWith("full"));
    }

    @Test
    void aFailedFullSyncIsRetriedExactlyOneRetryIntervalLater() {
        state.failing.set(true);
        scheduler.runDue();
        state.failing.set(false);
        state.calls.clear();

        scheduler.advance(RETRY.minus(NANO));
        assertThat(state.calls).isEmpty();
        scheduler.advance(NANO);
        assertThat(state.calls).hasSize(1).allMatch((call) -> call.startsWith("full"));
        assertThat(syncer.status().lastFullSync()).isNotNull();
    }

    @Test
    void theStaggerBeanDrawsZero() {
        Stagger stagger = context.getBean(Stagger.class);

        assertThat(stagger.stagger(Duration.ofHours(1))).isZero();
    }

    /** A {@code @Nested} test class runs in virtual time too: the annotation is found on the enclosing class. */
    @Nested
    class InANestedClass {

        @Autowired
        ManualSyncScheduler nestedScheduler;

        @Test
        void theSyncerRunsOnTheInjectedScheduler() {
            nestedScheduler.runDue();

            assertThat(state.calls).hasSize(1).allMatch((call) -> call.startsWith("full"));
        }
    }

    /** Records each call with the thread it ran on; fails while {@link #failing} is set. */
    static final class RecordingState implements SyncState {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void syncFull() {
            calls.add("full on " + Thread.currentThread().getName());
            if (failing.get()) {
                throw new IllegalStateException("remote down");
            }
        }

        @Override
        public void syncChanges() {
            calls.add("changes on " + Thread.currentThread().getName());
        }
    }

    /** One syncer, built the way the starter builds its own: on the context's scheduler and stagger beans. */
    @Configuration(proxyBeanMethods = false)
    static class Application {

        @Bean
        RecordingState state() {
            return new RecordingState();
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        StateSyncer syncer(RecordingState state, ObjectProvider<SyncScheduler> scheduler,
                ObjectProvider<Stagger> stagger) {
            StateSyncer.Builder builder = StateSyncer.builder(state)
                .name("catalog")
                .interval(INTERVAL)
                .retryFailInterval(RETRY);
            scheduler.ifUnique(builder::scheduler);
            stagger.ifUnique(builder::stagger);
            return builder.build();
        }
    }
}
