package dev.antientropy.internal.machine;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.antientropy.internal.log.SyncLog;

/**
 * Logs a streak of failures of one kind of sync without flooding the log: the first failure WARNs with its
 * stack; later ones WARN one summary line at the 2nd, 4th, 8th, ... failure (DEBUG otherwise); the first
 * success after a streak logs INFO. The count comes from the status recorder's streak. Used by the loop owner only.
 */
final class FailureLog {

    private final String syncer;
    private final String what;
    private @Nullable Instant since; // loop owner only: when the streak began

    FailureLog(String syncer, String what) {
        this.syncer = syncer;
        this.what = what;
    }

    void failed(Throwable failure, Instant at, int inARow) {
        if (inARow == 1 || since == null) {
            since = at;
        }
        if (inARow == 1) {
            SyncLog.warn("syncer '" + syncer + "': " + what + " failed", failure);
            return;
        }
        String summary = "syncer '" + syncer + "': " + what + " failing: " + inARow + " failures since " + since
                + ", last " + failure.getClass().getSimpleName() + ": " + SyncLog.describe(failure);
        if (Integer.bitCount(inARow) == 1) {
            SyncLog.warn(summary, null);
        }
        else {
            SyncLog.debug(summary, null);
        }
    }

    void recovered(int failures) {
        SyncLog.info("syncer '" + syncer + "': " + what + " recovered after " + failures + " failure"
                + (failures == 1 ? "" : "s") + " since " + since);
        since = null;
    }
}
