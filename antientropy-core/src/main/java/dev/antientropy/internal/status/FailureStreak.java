package dev.antientropy.internal.status;

/**
 * How many syncs of one kind failed in a row: the one count behind the retry back-off, the status and the
 * failure log, kept by the {@link StatusRecorder} (whose lock guards it). It saturates at
 * {@link Integer#MAX_VALUE} rather than wrap.
 */
final class FailureStreak {

    private int count; // the StatusRecorder's lock

    FailureStreak() {
    }

    /** A streak already this long, for tests of saturation. */
    FailureStreak(int count) {
        this.count = count;
    }

    /**
     * Counts a failure.
     *
     * @return the failures in a row, this one included
     */
    int failed() {
        if (count != Integer.MAX_VALUE) {
            count++;
        }
        return count;
    }

    /**
     * Ends the streak with a success.
     *
     * @return the failures in a row that this success ended, 0 when none
     */
    int succeeded() {
        int ended = count;
        count = 0;
        return ended;
    }

    /**
     * Returns the failures in a row so far.
     *
     * @return the count, 0 after a success
     */
    int count() {
        return count;
    }
}
