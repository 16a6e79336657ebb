package dev.antientropy;

import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * User code is hostile: a {@link SyncState}, {@link SyncListener}, {@link Stagger} or cluster-size supplier that
 * throws, hangs, ignores or swallows interrupts fails alone and never kills the syncer.
 */
class HostileUserCodeTests {

    private final SyncerFixture fixture = new SyncerFixture();

    @Test
    void aCheckedExceptionFailsThatSyncOnly() {
        fixture.state.thenFull(() -> {
            throw new Exception("checked");
        });
        StateSyncer syncer = fixture.started();
        assertThat(syncer.status().lastFullSync().error()).isEqualTo("checked");
        fixture.advance(s(15));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @Test
    void anErrorThatIsNotAVirtualMachineErrorFailsThatSyncOnly() {
        fixture.state.thenFull(() -> {
            throw new AssertionError("assert");
        }).thenFull(() -> {
            throw new NoClassDefFoundError("com/example/Missing");
        });
        StateSyncer syncer = fixture.started();
        fixture.advance(s(15));
        assertThat(syncer.status().fullSyncFailures()).isEqualTo(2);
        assertThat(syncer.status().lastFullSync().error()).isEqualTo("com/example/Missing");
        fixture.advance(s(15));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(fixture.events).contains("end FULL failed: assert");
    }

    @Test
    void aRuntimeExceptionWithoutMessageIsStillDescribed() {
        StateSyncer syncer = fixture.started();
        fixture.state.thenChanges(() -> {
            throw new IllegalStateException();
        });
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(syncer.status().lastPartialSync().error()).isEqualTo("failed without a message");
    }

    // A VirtualMachineError is not the sync's own failure: the syncer stops (DONE, logged at ERROR), which the
    // health check reports, rather than carry on in a JVM that may be broken.
    @Test
    void aVirtualMachineErrorStopsTheSyncer() {
        fixture.state.thenFull(() -> {
            throw new OutOfMemoryError("test");
        });
        StateSyncer syncer = fixture.started();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
    }

    @Test
    void aSyncPastItsTimeoutIsInterruptedAndFails() {
        fixture.state.thenFull(() -> {
            fixture.advance(s(31)); // the sync takes 31 s: the watchdog fires at 30 s
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted");
            }
        });
        StateSyncer syncer = fixture.start(fixture.builder().syncTimeout(s(30)).build());
        assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        assertThat(syncer.status().lastFullSync().error()).isEqualTo("full sync timed out after 30s");
        assertThat(syncer.status().lastFullSync().duration()).isEqualTo(s(31));
        assertThat(fixture.events).contains("end FULL failed: full sync timed out after 30s");
    }

    @Test
    void aSyncThatSwallowsTheInterruptStillCountsAsTimedOutAndTheInterruptDoesNotLeak() {
        AtomicBoolean interruptedInNext = new AtomicBoolean();
        fixture.state.thenFull(() -> {
            fixture.advance(s(31));
            Thread.interrupted(); // swallowed
        }).thenFull(() -> interruptedInNext.set(Thread.currentThread().isInterrupted()));
        StateSyncer syncer = fixture.start(fixture.builder().syncTimeout(s(30)).build());
        assertThat(syncer.status().lastFullSync().error()).isEqualTo("full sync timed out after 30s");
        fixture.advance(s(15));
        assertThat(syncer.status().lastFullSync().succeeded()).isTrue();
        assertThat(interruptedInNext).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aSyncWithinItsTimeoutIsNotInterrupted() {
        fixture.state.thenFull(() -> fixture.advance(s(29)));
        StateSyncer syncer = fixture.start(fixture.builder().syncTimeout(s(30)).build());
        assertThat(syncer.status().lastFullSync().succeeded()).isTrue();
        fixture.advance(s(60));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    // On a real thread: a sync that ignores the interrupt holds the syncer until it returns, shown in flight by
    // status() meanwhile, and then counts as failed.
    @Test
    void aSyncThatIgnoresTheInterruptHoldsTheSyncerAndShowsInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        SyncState stubborn = new SyncState() {
            @Override
            public void syncFull() {
                while (true) {
                    try {
                        if (release.await(10, TimeUnit.SECONDS)) {
                            return;
                        }
                    }
                    catch (InterruptedException ignored) {
                        interrupted.countDown();
                    }
                }
            }

            @Override
            public void syncChanges() {
            }
        };
        try (StateSyncer syncer = StateSyncer.builder(stubborn).name("stubborn").syncTimeout(Duration.ofMillis(20))
                .build()) {
            syncer.start();
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
            SyncStatus held = syncer.status();
            assertThat(held.state()).isEqualTo(SyncerState.FULL_SYNC);
            assertThat(held.inFlight().type()).isEqualTo(SyncType.FULL);
            assertThat(held.inFlight().runningFor(java.time.Instant.now())).isPositive();
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> syncer.status().inFlight() == null);
            assertThat(syncer.status().lastFullSync().error()).isEqualTo("full sync timed out after 20ms");
            assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        }
    }

    @Test
    void aThrowingListenerIsIgnored() {
        SyncListener hostile = new SyncListener() {
            @Override
            public void syncRequested(String syncer, SyncType type, boolean coalesced) {
                throw new IllegalStateException("requested");
            }

            @Override
            public void syncStarted(String syncer, SyncType type) {
                throw new IllegalStateException("started");
            }

            @Override
            public void syncFinished(String syncer, SyncType type, Duration duration, Throwable failure) {
                throw new AssertionError("finished");
            }

            @Override
            public void stateChanged(String syncer, SyncerState from, SyncerState to) {
                throw new IllegalStateException("changed");
            }
        };
        StateSyncer syncer = fixture.start(fixture.builder().listener(hostile).build());
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
        assertThat(fixture.events).contains("end CHANGES"); // listeners after the hostile one are still called
    }

    @Test
    void aThrowingStaggerMeansNoStagger() {
        StateSyncer syncer = fixture.start(fixture.builder(max -> {
            throw new IllegalStateException("no randomness today");
        }).build());
        fixture.advance(s(60));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(60));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @Test
    void aStaggerOutOfRangeIsClamped() {
        fixture.start(fixture.builder(max -> max.multipliedBy(10)).build());
        fixture.advance(s(120));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(120).minusNanos(1));

        SyncerFixture negative = new SyncerFixture();
        negative.start(negative.builder(max -> Duration.ofSeconds(-5)).build());
        negative.advance(s(60));
        assertThat(negative.state.fullTimes()).containsExactly(s(0), s(60));
    }

    @Test
    void aThrowingClusterSizeKeepsTheLastSize() {
        int[] calls = { 0 };
        StateSyncer syncer = fixture.start(fixture.builder().clusterSize(() -> {
            if (calls[0]++ == 0) {
                return 1000;
            }
            throw new IllegalStateException("membership unavailable");
        }).build());
        fixture.advance(s(60));
        assertThat(fixture.staggerMaxima).containsExactly(s(240), s(240));
        assertThat(syncer.status().clusterSize()).isEqualTo(1000);
    }

    @Test
    void aClusterSizeBelowOneCountsAsOne() {
        StateSyncer syncer = fixture.start(fixture.builder().clusterSize(() -> -3).build());
        assertThat(syncer.status().clusterSize()).isEqualTo(1);
        assertThat(fixture.staggerMaxima).containsExactly(s(60));
    }
    // Issue 15, item 4: exceptions whose getMessage() throws. Old code: a sync failing so killed the syncer (DONE,
    // no retry), and a listener or stagger throwing one escaped its guard when the logger read the message.

    /** An exception whose message cannot be read, as some proxies and generated exceptions behave. */
    static final class Unreadable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage() refused");
        }
    }

    @Test
    void aFullSyncFailureWithAnUnreadableMessageFailsThatSyncOnly() {
        fixture.state.thenFull(() -> {
            throw new Unreadable();
        });
        StateSyncer syncer = fixture.started();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        assertThat(syncer.status().lastFullSync().error()).isEqualTo("failed with Unreadable; its message could "
                + "not be read");
        fixture.advance(s(15));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(fixture.state.count("full")).isEqualTo(2);
    }

    @Test
    void aPartialSyncFailureWithAnUnreadableMessageFailsThatSyncOnly() {
        StateSyncer syncer = fixture.started();
        fixture.state.thenChanges(() -> {
            throw new Unreadable();
        }).thenChanges(() -> {
            throw new Unreadable();
        });
        for (int i = 0; i < 3; i++) {
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
        }
        assertThat(fixture.state.count("changes")).isEqualTo(3);
        assertThat(syncer.status().partialSyncFailures()).isEqualTo(2);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @Test
    void aListenerThrowingAnUnreadableExceptionNeitherEscapesATriggerNorDelaysIt() {
        SyncListener hostile = new SyncListener() {
            @Override
            public void syncRequested(String syncer, SyncType type, boolean coalesced) {
                throw new Unreadable();
            }

            @Override
            public void syncFinished(String syncer, SyncType type, Duration duration, Throwable failure) {
                throw new Unreadable();
            }
        };
        StateSyncer syncer = fixture.start(fixture.builder().listener(hostile).build());
        for (int i = 0; i < 3; i++) {
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
        }
        assertThat(fixture.state.calls()).containsExactly("full", "changes", "changes", "changes");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @Test
    void aStaggerThrowingAnUnreadableExceptionMeansNoStagger() {
        StateSyncer syncer = fixture.start(fixture.builder(max -> {
            throw new Unreadable();
        }).build());
        fixture.advance(s(120));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(60), s(120));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @Test
    void aClusterSizeOrPositionThrowingAnUnreadableExceptionIsWorkedAround() {
        StateSyncer syncer = fixture.start(fixture.builder().clusterSize(() -> {
            throw new Unreadable();
        }).fleetPosition(() -> {
            throw new Unreadable();
        }).build());
        fixture.advance(s(120));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(60), s(120));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(syncer.timing().clusterSize()).isEqualTo(1);
    }

    // Ports TestAE_FSM "invalid event -> panic" (#13, #20) and "invalid state -> panic" (#21). Differs: events
    // and states are enums dispatched exhaustively, so an invalid one cannot be expressed. What remains of the
    // cases is "a bug in the loop stops it loudly": an error escaping the loop's own code (here the scheduler
    // failing) is logged at ERROR and ends the syncer in DONE, which health reports.
    @Test
    void anInternalErrorEndsTheSyncerInDone() {
        SyncScheduler broken = new SyncScheduler() {
            @Override
            public long nanoTime() {
                return fixture.scheduler.nanoTime();
            }

            @Override
            public java.time.Instant now() {
                return fixture.scheduler.now();
            }

            @Override
            public void execute(Runnable task) {
                fixture.scheduler.execute(task);
            }

            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                throw new IllegalStateException("timer wheel broken");
            }

            @Override
            public Cancellable watchdog(Runnable task, Duration delay) {
                return fixture.scheduler.watchdog(task, delay);
            }

            @Override
            public void close() {
            }
        };
        StateSyncer syncer = StateSyncer.builder(fixture.state).scheduler(broken).stagger(Stagger.none()).build();
        syncer.start();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full");
        assertThat(syncer.shutdown().toCompletableFuture()).isCompleted();
    }
}
