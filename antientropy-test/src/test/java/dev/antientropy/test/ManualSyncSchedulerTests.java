package dev.antientropy.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.antientropy.Cancellable;

/** The virtual clock the other tests stand on. */
class ManualSyncSchedulerTests {

    private final ManualSyncScheduler scheduler = new ManualSyncScheduler(Instant.parse("2030-05-01T12:00:00Z"));
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void timeStandsStillUntilAdvanced() {
        assertThat(scheduler.nanoTime()).isZero();
        assertThat(scheduler.now()).isEqualTo(Instant.parse("2030-05-01T12:00:00Z"));
        scheduler.advance(s(90));
        assertThat(scheduler.elapsed()).isEqualTo(s(90));
        assertThat(scheduler.now()).isEqualTo(Instant.parse("2030-05-01T12:01:30Z"));
    }

    @Test
    void tasksRunInDueOrderThenSubmissionOrderEachAtItsTime() {
        scheduler.schedule(() -> ran.add("b@" + scheduler.elapsed().toSeconds()), s(2));
        scheduler.schedule(() -> ran.add("a@" + scheduler.elapsed().toSeconds()), s(1));
        scheduler.schedule(() -> ran.add("c@" + scheduler.elapsed().toSeconds()), s(2));
        scheduler.execute(() -> ran.add("now@" + scheduler.elapsed().toSeconds()));
        assertThat(scheduler.pendingTasks()).isEqualTo(4);
        assertThat(scheduler.nextTaskDelay()).contains(Duration.ZERO);
        scheduler.advance(s(5));
        assertThat(ran).containsExactly("now@0", "a@1", "b@2", "c@2");
        assertThat(scheduler.elapsed()).isEqualTo(s(5));
        assertThat(scheduler.nextTaskDelay()).isEmpty();
    }

    @Test
    void tasksScheduledWithinTheWindowRunToo() {
        scheduler.schedule(() -> scheduler.schedule(() -> ran.add("nested"), s(1)), s(1));
        scheduler.advance(s(2));
        assertThat(ran).containsExactly("nested");
    }

    @Test
    void executeDoesNotRunInline() {
        scheduler.execute(() -> ran.add("x"));
        assertThat(ran).isEmpty();
        scheduler.runDue();
        assertThat(ran).containsExactly("x");
    }

    @Test
    void cancelledTasksDoNotRun() {
        Cancellable task = scheduler.schedule(() -> ran.add("x"), s(1));
        task.cancel();
        task.cancel();
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(s(2));
        assertThat(ran).isEmpty();
    }

    @Test
    void anAdvanceFromInsideATaskRunsOnlyWatchdogs() {
        scheduler.schedule(() -> ran.add("loop@" + scheduler.elapsed().toSeconds()), s(1));
        scheduler.watchdog(() -> ran.add("watchdog@" + scheduler.elapsed().toSeconds()), s(2));
        scheduler.execute(() -> {
            scheduler.advance(s(3)); // a sync that takes 3 s: the syncer's own task waits behind it
            ran.add("sync done@" + scheduler.elapsed().toSeconds());
        });
        scheduler.runDue();
        assertThat(ran).containsExactly("watchdog@2", "sync done@3", "loop@3");
    }

    @Test
    void closeDropsWaitingAndLaterTasks() {
        scheduler.schedule(() -> ran.add("x"), s(1));
        scheduler.close();
        scheduler.execute(() -> ran.add("y"));
        scheduler.advance(s(2));
        assertThat(ran).isEmpty();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void negativeDelaysAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> scheduler.advance(s(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> scheduler.schedule(() -> { }, s(-1)));
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
