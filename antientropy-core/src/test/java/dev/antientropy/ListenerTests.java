package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a {@link SyncListener} hears, and in which order. */
class ListenerTests {

    private final SyncerFixture fixture = new SyncerFixture();

    @Test
    void aStartIsHeardAsStateChangesAroundTheFirstFullSync() {
        fixture.started();
        assertThat(fixture.events).containsExactly("NEW -> FULL_SYNC", "start FULL", "end FULL",
                "FULL_SYNC -> PARTIAL_SYNC");
    }

    @Test
    void requestsAreHeardWithWhetherTheyCoalesced() {
        StateSyncer syncer = fixture.started();
        fixture.events.clear();
        syncer.triggerSyncChanges();
        syncer.triggerSyncChanges();
        syncer.triggerSyncFull();
        syncer.triggerSyncFull();
        assertThat(fixture.events).containsExactly("request CHANGES", "request CHANGES coalesced", "request FULL",
                "request FULL coalesced");
        fixture.scheduler.runDue();
        assertThat(fixture.events).endsWith("PARTIAL_SYNC -> FULL_SYNC", "start FULL", "end FULL",
                "FULL_SYNC -> PARTIAL_SYNC", "start CHANGES", "end CHANGES");
    }

    @Test
    void aFailureIsHeardWithItsCause() {
        fixture.state.thenFull(RecordingState.failing("remote down"));
        fixture.started();
        assertThat(fixture.events).containsExactly("NEW -> FULL_SYNC", "start FULL", "end FULL failed: remote down",
                "FULL_SYNC -> RETRY_FULL_SYNC");
    }

    @Test
    void aSkippedFullSyncIsHeardAsAStateChangeOnly() {
        StateSyncer syncer = fixture.builder().build();
        syncer.pause();
        fixture.start(syncer);
        assertThat(fixture.events).containsExactly("NEW -> RETRY_FULL_SYNC");
    }

    @Test
    void closeIsHeard() {
        StateSyncer syncer = fixture.started();
        syncer.close();
        assertThat(fixture.events).endsWith("PARTIAL_SYNC -> DONE");
    }
}
