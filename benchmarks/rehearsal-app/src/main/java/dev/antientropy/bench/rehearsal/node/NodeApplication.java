package dev.antientropy.bench.rehearsal.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.rehearsal.Connections;
import dev.antientropy.bench.rehearsal.NodeRows;
import dev.antientropy.bench.rehearsal.RowSync;

/**
 * A node of the rehearsal as an application: the starter runs one syncer, {@code rows}, that keeps this node's
 * rows in PostgreSQL equal to its local state, as the fleet host's nodes do; the application registers in Eureka,
 * exposes the endpoint and the Prometheus scrape, and changes one local row every
 * {@code rehearsal.change-every}. Started by {@code benchmarks/rehearsal/infra.sh}, with its own node id and port.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(NodeProperties.class)
public class NodeApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(NodeApplication.class);
        application.setAdditionalProfiles("node");
        application.run(args);
    }

    @Bean
    NodeRows localRows(NodeProperties properties) {
        return new NodeRows(properties.rows(), 1000L * properties.nodeId());
    }

    @Bean
    SyncState rows(NodeProperties properties, NodeRows localRows, DataSource dataSource) {
        return new RowSync(properties.nodeId(), localRows, transactions(dataSource));
    }

    @Bean
    Changes changes(NodeRows localRows, @Qualifier("rows") StateSyncer syncer, NodeProperties properties) {
        return new Changes(localRows, syncer, properties.nodeId());
    }

    private static Connections transactions(DataSource dataSource) {
        return new Connections() {
            @Override
            public <T> T inTransaction(Work<T> work) throws SQLException {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try {
                        T result = work.run(connection);
                        connection.commit();
                        return result;
                    }
                    catch (SQLException | RuntimeException ex) {
                        try {
                            connection.rollback();
                        }
                        catch (SQLException rollback) {
                            ex.addSuppressed(rollback);
                        }
                        throw ex;
                    }
                }
            }
        };
    }

    /**
     * This node's local rows as {@code key=value} lines in key order, for run.sh to compare with the node's rows in
     * PostgreSQL at the end of the rehearsal ({@code GET /rehearsal/rows}, open like every read).
     */
    @RestController
    static final class LocalRows {

        private final NodeRows local;

        LocalRows(NodeRows local) {
            this.local = local;
        }

        @GetMapping(path = "/rehearsal/rows", produces = "text/plain")
        String rows() {
            return new TreeMap<>(local.snapshot()).entrySet()
                .stream()
                .map(row -> row.getKey() + "=" + row.getValue() + "\n")
                .collect(Collectors.joining());
        }
    }

    /** Changes one local row now and then, and asks the syncer for a partial sync. */
    static final class Changes {

        private final NodeRows local;
        private final StateSyncer syncer;
        private final SplittableRandom random; // the scheduling thread only

        Changes(NodeRows local, StateSyncer syncer, long seed) {
            this.local = local;
            this.syncer = syncer;
            this.random = new SplittableRandom(seed);
        }

        @Scheduled(fixedDelayString = "${rehearsal.change-every:5s}")
        void change() {
            local.mutate(random);
            syncer.triggerSyncChanges();
        }
    }
}
