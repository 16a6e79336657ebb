package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class SmokeTests {

    @Test
    void fullThenChanges() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        StateSyncer syncer = StateSyncer.builder(new SyncState() {
            public void syncFull() { calls.add("full"); }
            public void syncChanges() { calls.add("changes"); }
        }).scheduler(scheduler).stagger(Stagger.none()).build();
        syncer.triggerSyncChanges();
        syncer.start();
        scheduler.runDue();
        assertThat(calls).containsExactly("full", "changes");
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(calls).containsExactly("full", "changes", "full");
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
    }

    @Test
    void realThread() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        StateSyncer syncer = StateSyncer.builder(new SyncState() {
            public void syncFull() { calls.add("full:" + Thread.currentThread().getName()); }
            public void syncChanges() { calls.add("changes"); }
        }).name("smoke").build();
        syncer.start();
        syncer.triggerSyncChanges();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2);
        syncer.close();
        assertThat(calls).containsExactly("full:antientropy-smoke", "changes");
    }
}
