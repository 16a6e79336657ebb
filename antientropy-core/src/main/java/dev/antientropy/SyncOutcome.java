package dev.antientropy;

/** How a sync ended. */
public enum SyncOutcome {

    /** The sync returned normally. */
    SUCCESS,

    /** The sync threw, or ran past its timeout. */
    FAILURE
}
