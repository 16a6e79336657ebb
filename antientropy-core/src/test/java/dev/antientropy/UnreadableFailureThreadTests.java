package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, item 4 on real threads of both kinds: a {@link SyncState} whose failure's message cannot be read fails
 * that sync only. The virtual-time cases are in {@link HostileUserCodeTests}; the listener and stagger paths on
 * real threads in {@link RequestNeverBlocksOrThrowsTests}.
 */
class UnreadableFailureThreadTests {

    private static final Duration BOUND = Duration.ofSeconds(10);

    // Old code: describing the failure ran outside any guard, so the syncer's thread stopped (DONE, no retry).
    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void syncsFailingWithUnreadableMessagesAreRetriedAndTheSyncerGoesOn(ThreadKind kind) {
        AtomicInteger fulls = new AtomicInteger();
        AtomicInteger changes = new AtomicInteger();
        SyncState unreadable = new SyncState() {
            @Override
            public void syncFull() {
                if (fulls.incrementAndGet() == 1) {
                    throw new HostileUserCodeTests.Unreadable();
                }
            }

            @Override
            public void syncChanges() {
                changes.incrementAndGet();
                throw new HostileUserCodeTests.Unreadable();
            }
        };
        try (StateSyncer syncer = kind.on(StateSyncer.builder(unreadable).name("unreadable-" + kind))
                .retryFailInterval(Duration.ofMillis(20)).interval(Duration.ofHours(1)).stagger(Stagger.none())
                .build()) {
            syncer.start();
            await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.PARTIAL_SYNC);
            assertThat(fulls).as("the failed full sync was retried").hasValue(2);
            assertThat(syncer.status().fullSyncFailures()).isEqualTo(1);
            for (int round = 1; round <= 3; round++) {
                syncer.triggerSyncChanges();
                int served = round;
                await().atMost(BOUND).until(() -> syncer.status().partialSyncFailures() == served);
            }
            assertThat(changes).hasValue(3);
            assertThat(syncer.status().lastPartialSync().error())
                    .isEqualTo("failed with Unreadable; its message could not be read");
            assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        }
    }
}
