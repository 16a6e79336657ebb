package dev.antientropy.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;

/** The README's test kit example ("Testing your SyncState"), run as written: each comment says what ran. */
class ReadmeTestKitExampleTests {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final SyncState state = new SyncState() {

        @Override
        public void syncFull() {
            calls.add("full");
        }

        @Override
        public void syncChanges() {
            calls.add("changes");
        }
    };

    @Test
    void eachStepRunsWhatItsCommentSays() {
        // tag::test-kit-example[]
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        StateSyncer syncer = StateSyncer.builder(state).scheduler(scheduler).stagger(Stagger.none()).build();
        syncer.start();
        scheduler.runDue();                           // the first full sync
        syncer.triggerSyncChanges();
        scheduler.runDue();                           // the partial sync
        scheduler.advance(Duration.ofMinutes(1));     // the next periodic full sync
        // end::test-kit-example[]
        assertThat(calls).containsExactly("full", "changes", "full");
        syncer.close();
    }
}
