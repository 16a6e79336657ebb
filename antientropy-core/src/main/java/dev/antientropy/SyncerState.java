package dev.antientropy;

/**
 * The state of a {@link StateSyncer}. The four states of Consul's syncer ({@link #FULL_SYNC},
 * {@link #PARTIAL_SYNC}, {@link #RETRY_FULL_SYNC}, {@link #DONE}) plus the two before the first full sync.
 */
public enum SyncerState {

    /** Built, not started yet. */
    NEW,

    /** Started, waiting out the start-up stagger before the first full sync. */
    STARTING,

    /** Running a full sync. */
    FULL_SYNC,

    /** The last full sync succeeded: partial syncs run on request, the next full sync is scheduled. */
    PARTIAL_SYNC,

    /** The last full sync failed or was skipped while paused: it is retried when the retry timer fires. */
    RETRY_FULL_SYNC,

    /** Stopped: closed, or ended by an internal error. No sync runs any more. */
    DONE
}
