package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The README's example of the core without Spring ("Using the core without Spring"), run as written on a real
 * thread: it builds, starts, triggers, reads the status and closes, and the syncer's thread has ended after.
 */
class ReadmeCoreExampleTests {

    private final AtomicInteger fullSyncs = new AtomicInteger();

    private final SyncState catalogState = fullSyncs::incrementAndGet;

    private final List<String> members = List.of("node-1", "node-2", "node-3");

    @Test
    void theExampleRunsAndEndsItsThread() {
        // tag::core-example[]
        StateSyncer syncer = StateSyncer.builder(catalogState)   // your SyncState
                .name("catalog")
                .interval(Duration.ofMinutes(1))
                .clusterSize(() -> members.size())
                .retryBackoff(2.0, Duration.ofMinutes(5))           // optional; default 1.0 = Consul's fixed pace
                .syncTimeout(Duration.ofSeconds(30))                // optional; default none
                .build();
        syncer.start();
        syncer.triggerSyncChanges();      // after every local change: never blocks, coalesces
        syncer.triggerSyncFull();         // the remote may have lost state: staggered full sync
        syncer.status();                  // immutable snapshot: state, last syncs, counts, next full sync due, sync in flight
        syncer.close();                   // no new sync starts; waits for the one in flight and for the thread to end
        // end::core-example[]

        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(syncer.settings().syncTimeout()).isEqualTo(Duration.ofSeconds(30));
        // The state's syncChanges() is the default, which runs syncFull(): the partial sync the example requests
        // counts there too when it ran before close() (on a busy machine it does).
        assertThat(syncer.status().fullSyncs() + syncer.status().partialSyncs()).isEqualTo(fullSyncs.get());
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
            .doesNotContain("antientropy-catalog");
    }
}
