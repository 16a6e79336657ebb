package dev.antientropy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * A {@link SyncState} for tests: records each call ("full", "changes") and the virtual time it started at,
 * fails on demand, and can run a hook inside a sync (to advance the clock, close the syncer, ...).
 * Thread-safe: every method synchronizes on this.
 */
final class RecordingState implements SyncState {

    /** What a sync does when called. */
    @FunctionalInterface
    interface Behaviour {
        void run() throws Exception;
    }

    private final ManualSyncScheduler clock;
    private final List<String> calls = new ArrayList<>();
    private final List<Duration> fullTimes = new ArrayList<>();
    private final List<Duration> changesTimes = new ArrayList<>();
    private final Deque<Behaviour> nextFull = new ArrayDeque<>();
    private final Deque<Behaviour> nextChanges = new ArrayDeque<>();
    private Behaviour fullDefault = () -> { };
    private Behaviour changesDefault = () -> { };

    RecordingState(ManualSyncScheduler clock) {
        this.clock = clock;
    }

    @Override
    public void syncFull() throws Exception {
        Behaviour behaviour;
        synchronized (this) {
            calls.add("full");
            fullTimes.add(clock.elapsed());
            behaviour = nextFull.isEmpty() ? fullDefault : nextFull.poll();
        }
        behaviour.run();
    }

    @Override
    public void syncChanges() throws Exception {
        Behaviour behaviour;
        synchronized (this) {
            calls.add("changes");
            changesTimes.add(clock.elapsed());
            behaviour = nextChanges.isEmpty() ? changesDefault : nextChanges.poll();
        }
        behaviour.run();
    }

    /** The next full sync behaves so (queued; then the default again). */
    synchronized RecordingState thenFull(Behaviour behaviour) {
        nextFull.add(behaviour);
        return this;
    }

    /** The next partial sync behaves so (queued; then the default again). */
    synchronized RecordingState thenChanges(Behaviour behaviour) {
        nextChanges.add(behaviour);
        return this;
    }

    /** Every full sync behaves so, unless a queued behaviour comes first. */
    synchronized RecordingState alwaysFull(Behaviour behaviour) {
        fullDefault = behaviour;
        return this;
    }

    /** Every partial sync behaves so, unless a queued behaviour comes first. */
    synchronized RecordingState alwaysChanges(Behaviour behaviour) {
        changesDefault = behaviour;
        return this;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Duration> fullTimes() {
        return List.copyOf(fullTimes);
    }

    synchronized List<Duration> changesTimes() {
        return List.copyOf(changesTimes);
    }

    synchronized long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    static Behaviour failing(String message) {
        return () -> {
            throw new java.io.IOException(message);
        };
    }
}
