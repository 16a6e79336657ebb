package dev.antientropy.internal.machine;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs a streak of failures of one kind of sync without flooding the log: the first failure WARNs with its
 * stack; later ones WARN one summary line at the 2nd, 4th, 8th, ... failure (DEBUG otherwise); the first
 * success after a streak logs INFO. Used by the loop owner only.
 */
final class FailureLog {

    private final Logger log;
    private final String syncer;
    private final String what;
    private int failures; // loop owner only
    private @Nullable Instant since; // loop owner only

    FailureLog(Logger log, String syncer, String what) {
        this.log = log;
        this.syncer = syncer;
        this.what = what;
    }

    void failed(Throwable failure, Instant at) {
        failures++;
        if (failures == 1) {
            since = at;
            log.warn("syncer '{}': {} failed", syncer, what, failure);
            return;
        }
        String summary = "syncer '" + syncer + "': " + what + " failing: " + failures + " failures since " + since
                + ", last " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (Integer.bitCount(failures) == 1) {
            log.warn(summary);
        }
        else {
            log.debug(summary);
        }
    }

    void succeeded() {
        if (failures > 0) {
            log.info("syncer '{}': {} recovered after {} failure{} since {}", syncer, what, failures,
                    failures == 1 ? "" : "s", since);
            failures = 0;
            since = null;
        }
    }
}
