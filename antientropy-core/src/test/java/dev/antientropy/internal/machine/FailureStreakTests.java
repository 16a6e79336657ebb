package dev.antientropy.internal.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.antientropy.SyncType;
import dev.antientropy.internal.status.StatusRecorder;

/**
 * The one count of failures in a row (issue 15, item 6). Old code kept three counts, and the status' one wrapped
 * after 2^31 failures, after which {@code status()} threw ("consecutiveFullSyncFailures must not be negative,
 * was -2147483648", reproduced by setting the old counter to {@code Integer.MAX_VALUE}).
 */
class FailureStreakTests {

    @Test
    void countsFailuresInARowAndASuccessEndsTheStreak() {
        FailureStreak streak = new FailureStreak();
        assertThat(streak.failed()).isEqualTo(1);
        assertThat(streak.failed()).isEqualTo(2);
        assertThat(streak.count()).isEqualTo(2);
        assertThat(streak.succeeded()).isEqualTo(2);
        assertThat(streak.count()).isZero();
        assertThat(streak.succeeded()).isZero();
    }

    @Test
    void saturatesInsteadOfWrapping() {
        FailureStreak streak = new FailureStreak(Integer.MAX_VALUE - 1);
        assertThat(streak.failed()).isEqualTo(Integer.MAX_VALUE);
        assertThat(streak.failed()).isEqualTo(Integer.MAX_VALUE);
        assertThat(streak.count()).isEqualTo(Integer.MAX_VALUE);
        assertThat(streak.succeeded()).isEqualTo(Integer.MAX_VALUE);
        assertThat(streak.count()).isZero();
    }

    @Test
    void theStatusShowsASaturatedStreak() {
        FailureStreak streak = new FailureStreak(Integer.MAX_VALUE);
        StatusRecorder recorder = new StatusRecorder("streak");
        recorder.finished(SyncType.FULL, 0, 1, "down", streak.failed());
        assertThat(recorder.snapshot(0).consecutiveFullSyncFailures()).isEqualTo(Integer.MAX_VALUE);
        streak.succeeded();
        recorder.finished(SyncType.FULL, 2, 1, null, streak.count());
        assertThat(recorder.snapshot(0).consecutiveFullSyncFailures()).isZero();
    }

    @Test
    void theBackOffIsCappedForEveryStreakLength() {
        dev.antientropy.internal.timing.RetryBackoff backoff = new dev.antientropy.internal.timing.RetryBackoff(
                15_000_000_000L, 2.0, 300_000_000_000L);
        assertThat(backoff.baseDelay(new FailureStreak(Integer.MAX_VALUE).failed())).isEqualTo(300_000_000_000L);
    }
}
