package dev.antientropy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * Builds syncers on a {@link ManualSyncScheduler} with Consul's test fixture in mind: a known stagger, a
 * recording state and listener, virtual time only.
 */
final class SyncerFixture {

    /** The smallest delay the default timing allows, to step just past a deadline. */
    static final Duration NANO = Duration.ofNanos(1);

    /** A stagger that always draws the largest value allowed: {@code max - 1ns}, the upper edge of a window. */
    static final Stagger MAXIMAL = max -> max.isZero() ? Duration.ZERO : max.minus(NANO);

    final ManualSyncScheduler scheduler = new ManualSyncScheduler();
    final RecordingState state = new RecordingState(scheduler);
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Duration> staggerMaxima = new CopyOnWriteArrayList<>();

    /** A listener that records every event as a short string. */
    final SyncListener listener = new SyncListener() {
        @Override
        public void syncRequested(String syncer, SyncType type, boolean coalesced) {
            events.add("request " + type + (coalesced ? " coalesced" : ""));
        }

        @Override
        public void syncStarted(String syncer, SyncType type) {
            events.add("start " + type);
        }

        @Override
        public void syncFinished(String syncer, SyncType type, Duration duration, Throwable failure) {
            events.add("end " + type + (failure == null ? "" : " failed: " + failure.getMessage()));
        }

        @Override
        public void stateChanged(String syncer, SyncerState from, SyncerState to) {
            events.add(from + " -> " + to);
        }
    };

    /** A builder on the manual scheduler, with no stagger, recording the stagger maxima. */
    StateSyncer.Builder builder() {
        return builder(Stagger.none());
    }

    /** A builder on the manual scheduler with the given stagger, recording the stagger maxima it is asked. */
    StateSyncer.Builder builder(Stagger stagger) {
        return StateSyncer.builder(state)
                .name("test")
                .scheduler(scheduler)
                .listener(listener)
                .stagger(max -> {
                    staggerMaxima.add(max);
                    return stagger.stagger(max);
                });
    }

    /** Builds with no stagger, starts, and runs the first full sync. */
    StateSyncer started() {
        return start(builder().build());
    }

    /** Builds, starts and drives a syncer into RETRY_FULL_SYNC by failing its first full sync. */
    StateSyncer inRetry(StateSyncer.Builder builder) {
        state.thenFull(RecordingState.failing("remote down"));
        StateSyncer syncer = start(builder.build());
        if (syncer.status().state() != SyncerState.RETRY_FULL_SYNC) {
            throw new IllegalStateException("not in retry: " + syncer.status().state());
        }
        return syncer;
    }

    StateSyncer start(StateSyncer syncer) {
        syncer.start();
        scheduler.runDue();
        return syncer;
    }

    void advance(Duration duration) {
        scheduler.advance(duration);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
