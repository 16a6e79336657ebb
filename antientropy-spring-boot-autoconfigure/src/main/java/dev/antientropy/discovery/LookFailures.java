package dev.antientropy.discovery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs a streak of failed looks at one service without flooding the log, as the syncers log their failed
 * syncs: the first failure WARNs with its stack, later ones WARN one summary line at the 2nd, 4th, 8th, ...
 * failure (DEBUG otherwise), and the first answer after a streak logs INFO. Discovery thread only.
 */
final class LookFailures {

    private final Logger log;
    private final String what;
    private int failures; // discovery thread only
    private @Nullable Instant since; // discovery thread only

    LookFailures(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void failed(Throwable failure, Instant at) {
        failures++;
        if (failures == 1) {
            since = at;
            log.warn("{} failed; keeping what the last answer said", what, failure);
            return;
        }
        String summary = what + " failing: " + failures + " failures since " + since + ", last "
                + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (Integer.bitCount(failures) == 1) {
            log.warn(summary);
        }
        else {
            log.debug(summary);
        }
    }

    void succeeded() {
        if (failures > 0) {
            log.info("{} recovered after {} failure{} since {}", what, failures, (failures == 1) ? "" : "s", since);
            failures = 0;
            since = null;
        }
    }
}
