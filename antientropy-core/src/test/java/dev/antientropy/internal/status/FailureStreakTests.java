package dev.antientropy.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.antientropy.SyncType;

/**
 * The one count of failures in a row (issue 15, item 6; issue 16: stored once, in the status recorder, which the
 * retry back-off, the status and the failure log all read). Old code kept three counts, and the status' one wrapped
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
        StatusRecorder recorder = new StatusRecorder("streak", new FailureStreak(Integer.MAX_VALUE));
        assertThat(recorder.finished(SyncType.FULL, 0, 1, "down")).isEqualTo(Integer.MAX_VALUE);
        assertThat(recorder.snapshot(0).consecutiveFullSyncFailures()).isEqualTo(Integer.MAX_VALUE);
        assertThat(recorder.consecutiveFullFailures()).isEqualTo(Integer.MAX_VALUE);
        assertThat(recorder.finished(SyncType.FULL, 2, 1, null)).isEqualTo(Integer.MAX_VALUE);
        assertThat(recorder.snapshot(0).consecutiveFullSyncFailures()).isZero();
    }

    @Test
    void theRecorderCountsEachKindsStreakAndReturnsWhatASuccessEnded() {
        StatusRecorder recorder = new StatusRecorder("streak");
        assertThat(recorder.finished(SyncType.CHANGES, 0, 1, "down")).isEqualTo(1);
        assertThat(recorder.finished(SyncType.FULL, 1, 1, "down")).isEqualTo(1);
        assertThat(recorder.finished(SyncType.CHANGES, 2, 1, "down")).isEqualTo(2);
        assertThat(recorder.consecutiveFullFailures()).isEqualTo(1);
        assertThat(recorder.finished(SyncType.CHANGES, 3, 1, null)).isEqualTo(2);
        assertThat(recorder.finished(SyncType.CHANGES, 4, 1, null)).isZero();
        assertThat(recorder.snapshot(0).consecutiveFullSyncFailures()).isEqualTo(1);
    }

    @Test
    void theBackOffIsCappedForEveryStreakLength() {
        dev.antientropy.internal.timing.RetryBackoff backoff = new dev.antientropy.internal.timing.RetryBackoff(
                15_000_000_000L, 2.0, 300_000_000_000L);
        assertThat(backoff.baseDelay(new FailureStreak(Integer.MAX_VALUE).failed())).isEqualTo(300_000_000_000L);
    }
}
