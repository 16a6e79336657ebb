package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;

/**
 * A real outage of the remote: the PostgreSQL server itself is stopped ({@code pg_ctl stop}, see {@link
 * PostgresServer}) while the node has changes to push, the node keeps being edited, and the server is started
 * again on the same port with the same data. No switch of ours is touched. The node must converge within the
 * retry window times the scale factor, with nothing lost: its rows equal its local state.
 *
 * <p>Timing is shortened so that the test is short and its bounds tight: a periodic full sync every 2-4 s, so
 * one fails during the outage and puts the syncer in {@code RETRY_FULL_SYNC}; a retry every 1-2 s; Hikari gives
 * up on a connection after 1 s.
 */
@SpringBootTest(properties = {
        "sample.node-id=outage-node",
        "sample.services-file=",
        "antientropy.interval=2s",
        "antientropy.retry-fail-interval=" + PostgresOutageTests.RETRY_MILLIS + "ms",
        "antientropy.server-up-interval=100ms",
        "spring.datasource.hikari.connection-timeout=" + PostgresOutageTests.CONNECTION_TIMEOUT_MILLIS,
        "spring.datasource.hikari.validation-timeout=500",
        "logging.level.dev.antientropy=INFO" })
@DirtiesContext
class PostgresOutageTests {

    static final long RETRY_MILLIS = 1000;

    static final long CONNECTION_TIMEOUT_MILLIS = 1000;

    /** Longest wait for anything but the convergence, whose bound is computed. */
    static final Duration BOUND = Duration.ofSeconds(20);

    private static final PostgresServer postgres = PostgresServer.start();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
    }

    @AfterAll
    static void deleteServer() {
        postgres.close();
    }

    @Autowired
    NodeAgent agent;

    @Autowired
    DataSource dataSource;

    @Autowired
    CatalogSyncState catalog;

    @Autowired
    @Qualifier("catalog")
    StateSyncer syncer;

    private int edits;

    @Test
    void aNodeEditedWhilePostgresIsDownConvergesWithinTheRetryWindowOnceItIsBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            agent.register(service("svc-" + i, 8000 + i));
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(rowsInPostgres()).isEqualTo(localState()));

        postgres.stop();
        assertThatExceptionOfType(SQLException.class).as("the server refuses connections")
            .isThrownBy(postgres::connect);
        // Keep editing until a full sync has failed against the stopped server and the syncer is retrying.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            edit();
            return syncer.status().state() == SyncerState.RETRY_FULL_SYNC;
        });
        edit();
        edit();
        assertThat(agent.pendingChanges()).as("changes waiting for the catalog").isNotEmpty();
        long fullSyncFailures = syncer.status().fullSyncFailures();
        assertThat(fullSyncFailures).isPositive();

        postgres.restart();
        long back = System.nanoTime();
        // The server accepts connections again, but the application reaches it through its Hikari pool, which
        // after a run of failed connection attempts may still be backing off before it tries again (seen in CI:
        // two retries timed out in the pool after the restart). "The server is back" for the node is when its own
        // pool hands out a working connection again; wait for that, on this thread.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(this::poolServesConnections);
        long failuresAtRestart = syncer.status().fullSyncFailures();
        // A retry falls in [retry, retry x (1 + f)) of the syncer's own clock (the timing tests prove that
        // window in virtual time); one attempt may already be waiting for a connection and fail. So "within
        // the retry window" is shown by attempts, not by the wall clock of a shared machine: the node must
        // converge at the first retry that finds the server through its pool, i.e. after at most one more
        // failed full sync.
        int scale = StateSyncer.scaleFactor(catalog.nodeCount());
        Duration window = Duration.ofMillis(RETRY_MILLIS * (1 + scale) + CONNECTION_TIMEOUT_MILLIS);
        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(agent.pendingChanges()).isEmpty();
            assertThat(rowsInPostgres()).isEqualTo(localState());
        });
        Duration converged = Duration.ofNanos(System.nanoTime() - back);
        long failuresAfterRestart = syncer.status().fullSyncFailures() - failuresAtRestart;
        System.out.printf("PostgreSQL outage: %d edits, %d failed full syncs, converged %d ms after the restart "
                + "(window %d ms, scale factor %d, %d failed attempts after the pool served connections again)%n",
                edits, fullSyncFailures, converged.toMillis(), window.toMillis(), scale, failuresAfterRestart);
        assertThat(failuresAfterRestart).as("full syncs that failed after the server was back for the node")
            .isLessThanOrEqualTo(1);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    /** Whether the application's own pool hands out a working connection now (Hikari waits at most 1 s). */
    private boolean poolServesConnections() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        }
        catch (SQLException ex) {
            return false;
        }
    }

    /** One more edit, in turn: a new service, a changed one, a removed one. */
    private void edit() {
        int n = edits++;
        switch (n % 3) {
            case 0 -> agent.register(service("new-" + n, 9000 + n));
            case 1 -> agent.register(service("svc-0", 10_000 + n));
            default -> agent.deregister("new-" + (n - 2));
        }
    }

    /** The local state as rows: service id to "name address:port tags". */
    private Map<String, String> localState() {
        Map<String, String> rows = new TreeMap<>();
        for (ServiceRegistration service : agent.services()) {
            rows.put(service.id(), service.name() + " " + service.address() + ":" + service.port() + " "
                    + service.joinedTags());
        }
        return rows;
    }

    /** This node's rows, read over a connection of the test's own, past the application's pool. */
    private Map<String, String> rowsInPostgres() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = postgres.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT service_id, service_name, address, port, tags FROM catalog WHERE node_id = ?")) {
            query.setString(1, "outage-node");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3) + ":" + rs.getInt(4) + " "
                            + rs.getString(5));
                }
            }
        }
        return rows;
    }

    private static ServiceRegistration service(String id, int port) {
        return new ServiceRegistration(id, "outage", "10.1.0.1", port, List.of("pg"));
    }
}
