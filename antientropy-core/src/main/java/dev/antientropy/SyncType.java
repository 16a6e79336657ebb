package dev.antientropy;

/** The two kinds of sync a {@link StateSyncer} runs. */
public enum SyncType {

    /** {@link SyncState#syncFull()}: the remote is made to match the local state completely. */
    FULL,

    /** {@link SyncState#syncChanges()}: the local changes are pushed (a partial sync). */
    CHANGES
}
