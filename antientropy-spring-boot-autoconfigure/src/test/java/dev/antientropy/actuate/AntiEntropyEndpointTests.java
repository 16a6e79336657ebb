package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.endpoint.SecurityContext;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.testing.ScriptedSyncState;
import dev.antientropy.test.ManualSyncScheduler;

/** The endpoint's rules on a syncer built by hand, without HTTP. */
class AntiEntropyEndpointTests {

    private final ManualSyncScheduler scheduler = new ManualSyncScheduler();

    private final StateSyncer catalog = StateSyncer.builder(new ScriptedSyncState())
        .name("catalog")
        .scheduler(scheduler)
        .stagger(Stagger.none())
        .build();

    private final AntiEntropyEndpoint endpoint = new AntiEntropyEndpoint(Map.of("catalog", catalog));

    @AfterEach
    void close() {
        catalog.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "sync-full", "sync-changes", "pause", "resume" })
    void everyActionOnAStoppedSyncerIsRefusedAndChangesNothing(String action) {
        catalog.start();
        scheduler.runDue();
        catalog.close();

        AntiEntropyEndpoint.Result result = endpoint.perform(SecurityContext.NONE, "catalog", action);

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.message()).isEqualTo("syncer 'catalog' has stopped; nothing changed");
        assertThat(catalog.status().pauseDepth()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "SYNC-FULL", "sync_full", " pause", "Pause" })
    void actionNamesAreExact(String action) {
        assertThat(endpoint.perform(SecurityContext.NONE, "catalog", action).status()).isEqualTo(400);
        assertThat(catalog.isPaused()).isFalse();
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            java.net.ConnectException: Connection refused                           | Connection refused
            java.lang.IllegalStateException: java.net.ConnectException: refused     | refused
            java.io.IOException                                                      | failed without a message
            remote said 'no': try again                                             | remote said 'no': try again
            Timeout after 5s in dev.example.Client                                   | Timeout after 5s in dev.example.Client
            """)
    void errorMessagesLoseLeadingClassNames(String message, String cleaned) {
        assertThat(ErrorMessages.clean(message)).isEqualTo(cleaned);
    }
}
