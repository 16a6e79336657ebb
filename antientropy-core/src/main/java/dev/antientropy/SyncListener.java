package dev.antientropy;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Hears what a {@link StateSyncer} does: requests, syncs and state changes. Every method has a no-op
 * default. A listener that throws is logged and ignored; it never stops the syncer. Metrics and tracing are
 * built on it.
 *
 * <p>{@link #syncRequested} runs on the requesting thread and must be cheap and thread-safe. The other methods
 * run one at a time, on the syncer's thread (the last {@link #stateChanged}, to {@link SyncerState#DONE}, may
 * run on the thread that closed an idle syncer), so {@link #syncStarted} and {@link #syncFinished} of one
 * sync pair up on the same thread.
 */
public interface SyncListener {

    /**
     * Called for every {@link StateSyncer#triggerSyncFull()} and {@link StateSyncer#triggerSyncChanges()}.
     *
     * @param syncer the syncer's name
     * @param type which sync was requested
     * @param coalesced {@code true} when a request of this type was already pending, so this one adds nothing
     */
    default void syncRequested(String syncer, SyncType type, boolean coalesced) {
    }

    /**
     * Called on the syncer's thread right before {@link SyncState#syncFull()} or {@link SyncState#syncChanges()}.
     *
     * @param syncer the syncer's name
     * @param type which sync starts
     */
    default void syncStarted(String syncer, SyncType type) {
    }

    /**
     * Called on the syncer's thread right after a sync ended; the syncer's {@link StateSyncer#status() status}
     * already shows it.
     *
     * @param syncer the syncer's name
     * @param type which sync ended
     * @param duration how long it ran
     * @param failure why it failed, {@code null} when it succeeded
     */
    default void syncFinished(String syncer, SyncType type, Duration duration, @Nullable Throwable failure) {
    }

    /**
     * Called on the syncer's thread on every change of state.
     *
     * @param syncer the syncer's name
     * @param from the state left
     * @param to the state entered
     */
    default void stateChanged(String syncer, SyncerState from, SyncerState to) {
    }
}
