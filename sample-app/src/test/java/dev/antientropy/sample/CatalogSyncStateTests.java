package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.antientropy.sample.DriftInjector.Kind;
import dev.antientropy.sample.RemoteOutage.RemoteUnavailableException;

/** The sample's {@code SyncState} against a real (in-memory H2) catalog table, without Spring Boot. */
class CatalogSyncStateTests {

    private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder()
        .setType(EmbeddedDatabaseType.H2)
        .setName("catalog-" + UUID.randomUUID())
        .addScript("schema.sql")
        .build();

    private final JdbcClient jdbc = JdbcClient.create(database);

    private final TransactionTemplate transactions = new TransactionTemplate(
            new DataSourceTransactionManager(database));

    private final RemoteOutage outage = new RemoteOutage();

    private final LocalServices local = new LocalServices();

    private final CatalogSyncState state = node("node-1", local, outage);

    private final CatalogView view = new CatalogView(jdbc);

    @AfterEach
    void shutDown() {
        database.shutdown();
    }

    @Test
    void fullSyncInsertsMissingUpdatesChangedAndDeletesStaleRows() {
        local.register(service("web", 8080));
        local.register(service("api", 9090));
        local.register(service("db", 5432));
        state.syncFull();
        DriftInjector drift = new DriftInjector(jdbc, "node-1");
        drift.inject(Kind.DELETE, "web");
        drift.inject(Kind.ALTER, "api");
        drift.inject(Kind.ORPHAN, "ghost");

        state.syncFull();

        assertThat(view.rows("node-1")).extracting(CatalogRow::serviceId, CatalogRow::address, CatalogRow::port)
            .containsExactly(row("api", 9090), row("db", 5432), row("web", 8080));
    }

    @Test
    void theWalkthroughsDriftIsRepairedAsItsLogLineSays() {
        // sample-app/README.md, section 5: two services, then delete one row, alter the other, add an orphan.
        local.register(service("web-1", 8080));
        local.register(service("api-1", 9090));
        state.syncFull();
        DriftInjector drift = new DriftInjector(jdbc, "node-1");
        drift.inject(Kind.DELETE, "web-1");
        drift.inject(Kind.ALTER, "api-1");
        drift.inject(Kind.ORPHAN, null);
        Logger logger = (Logger) LoggerFactory.getLogger(CatalogSyncState.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            state.syncFull();
        }
        finally {
            logger.detachAppender(log);
        }

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .contains("full sync of node 'node-1': catalog repaired: 1 inserted, 1 updated, 1 deleted");
    }

    @Test
    void fullSyncOfOneNodeLeavesTheRowsOfAnotherAlone() {
        LocalServices otherLocal = new LocalServices();
        CatalogSyncState other = node("node-2", otherLocal, new RemoteOutage());
        otherLocal.register(service("web", 8081));
        other.syncFull();
        local.register(service("api", 9090));

        state.syncFull();

        assertThat(view.rows(null)).extracting(CatalogRow::nodeId, CatalogRow::serviceId)
            .containsExactly(tuple("node-1", "api"),
                    tuple("node-2", "web"));
        assertThat(state.nodeCount()).isEqualTo(2);
    }

    @Test
    void partialSyncPushesOnlyTheServicesChangedSinceTheLastPush() {
        local.register(service("web", 8080));
        state.syncFull();
        // Drift on a service that did not change locally: a partial sync must not look at it.
        new DriftInjector(jdbc, "node-1").inject(Kind.ALTER, "web");
        local.register(service("api", 9090));

        state.syncChanges();

        assertThat(view.rows("node-1")).extracting(CatalogRow::serviceId, CatalogRow::address, CatalogRow::port)
            .containsExactly(row("api", 9090),
                    tuple("web", DriftInjector.DRIFTED_ADDRESS, 1));
        assertThat(local.pendingIds()).isEmpty();
    }

    @Test
    void partialSyncUpdatesAChangedServiceAndDeletesADeregisteredOne() {
        local.register(service("web", 8080));
        local.register(service("api", 9090));
        state.syncFull();
        local.register(service("web", 8443));
        local.deregister("api");

        state.syncChanges();

        assertThat(view.rows("node-1")).extracting(CatalogRow::serviceId, CatalogRow::address, CatalogRow::port)
            .containsExactly(row("web", 8443));
    }

    @Test
    void partialSyncInsertsAServiceWhoseRowWentMissing() {
        local.register(service("web", 8080));
        state.syncFull();
        new DriftInjector(jdbc, "node-1").inject(Kind.DELETE, "web");
        local.register(service("web", 8081));

        state.syncChanges();

        assertThat(view.rows("node-1")).extracting(CatalogRow::serviceId, CatalogRow::address, CatalogRow::port)
            .containsExactly(row("web", 8081));
    }

    @Test
    void aFailedPartialSyncKeepsItsChangesForTheNextPush() {
        state.syncFull();
        outage.start();
        local.register(service("web", 8080));

        assertThatThrownBy(state::syncChanges).isInstanceOf(RemoteUnavailableException.class);
        assertThat(local.pendingIds()).containsExactly("web");

        outage.end();
        state.syncChanges();
        assertThat(view.rows("node-1")).extracting(CatalogRow::serviceId).containsExactly("web");
        assertThat(local.pendingIds()).isEmpty();
    }

    @Test
    void aFailedFullSyncKeepsThePendingChanges() {
        local.register(service("web", 8080));
        outage.start();

        assertThatThrownBy(state::syncFull).isInstanceOf(RemoteUnavailableException.class);

        assertThat(local.pendingIds()).containsExactly("web");
    }

    @Test
    void aFullSyncThatFailsHalfwayChangesNothing() {
        jdbc.sql("ALTER TABLE catalog ADD CONSTRAINT no_poison CHECK (address <> 'poison.invalid')").update();
        new DriftInjector(jdbc, "node-1").inject(Kind.ORPHAN, "stale");
        local.register(service("api", 9090));
        local.register(new ServiceRegistration("web", "web", "poison.invalid", 80, List.of()));

        assertThatThrownBy(state::syncFull).isInstanceOf(DataIntegrityViolationException.class);

        // The insert of "api" and the delete of "stale" were rolled back with the failed insert of "web".
        assertThat(view.rows("node-1")).extracting(CatalogRow::serviceId).containsExactly("stale");
        assertThat(local.pendingIds()).containsExactly("api", "web");
    }

    @Test
    void aPartialSyncThatFailsHalfwayChangesNothing() {
        jdbc.sql("ALTER TABLE catalog ADD CONSTRAINT no_poison CHECK (address <> 'poison.invalid')").update();
        state.syncFull();
        local.register(service("api", 9090));
        local.register(new ServiceRegistration("web", "web", "poison.invalid", 80, List.of()));

        assertThatThrownBy(state::syncChanges).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(view.rows("node-1")).isEmpty();
        assertThat(local.pendingIds()).containsExactly("api", "web");
    }

    @Test
    void tagsSurviveTheRoundTripThroughTheTable() {
        local.register(new ServiceRegistration("web", "web", "10.0.0.1", 80, List.of("primary", "v2")));
        state.syncFull();

        CatalogRow row = view.rows("node-1").get(0);

        assertThat(row.tags()).isEqualTo("primary,v2");
        assertThat(ServiceRegistration.splitTags(row.tags())).containsExactly("primary", "v2");
        assertThat(row.syncedAt()).isNotNull();
    }

    private CatalogSyncState node(String nodeId, LocalServices services, RemoteOutage switchOff) {
        return new CatalogSyncState(services, new CatalogTable(jdbc, nodeId, switchOff), transactions);
    }

    private static ServiceRegistration service(String id, int port) {
        return new ServiceRegistration(id, id, id + ".local", port, List.of("demo"));
    }

    private static Tuple row(String id, int port) {
        return tuple(id, id + ".local", port);
    }
}
