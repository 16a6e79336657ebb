package dev.antientropy;

/**
 * The local state that a {@link StateSyncer} keeps mirrored on a remote authority. Implemented by the user.
 * When pushing only the changes is not worth it, implement {@link #syncFull()} alone (a lambda will do): a
 * partial sync then runs a full one.
 *
 * <p>The syncer calls both methods from its own thread, never at the same time. A method that throws (any
 * {@link Exception} or {@link Error} other than a {@link VirtualMachineError}) fails that one sync: the syncer
 * records and logs it and goes on. An implementation should answer {@link Thread#interrupt()} by returning
 * soon, since that is how a {@linkplain StateSyncer.Builder#syncTimeout(java.time.Duration) sync timeout} and
 * a bounded {@link StateSyncer#close(java.time.Duration)} stop it.
 */
@FunctionalInterface
public interface SyncState {

    /**
     * Makes the remote match the local state completely: reads the remote view and repairs every difference,
     * in both directions. Runs at start, periodically, on request and as a retry after a failure.
     *
     * @throws Exception when the sync failed; a failed full sync is retried later
     */
    void syncFull() throws Exception;

    /**
     * Pushes the local changes made since the last push. Runs when {@link StateSyncer#triggerSyncChanges()}
     * was called, only after a full sync succeeded. The default runs {@link #syncFull()}.
     *
     * @throws Exception when the sync failed; a failed partial sync is not retried (the next request or the
     *     next full sync heals it)
     */
    default void syncChanges() throws Exception {
        syncFull();
    }
}
