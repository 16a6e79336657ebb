package dev.antientropy.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the {@code catalog} table as it is, for people watching the demo: all nodes' rows, straight from the
 * database, past the {@link RemoteOutage} switch (which only cuts the syncer's path). Thread-safe.
 */
public final class CatalogView {

    private final JdbcClient jdbc;

    public CatalogView(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reads the rows of one node, or of all.
     *
     * @param nodeId the node, or {@code null} for every node
     * @return the rows, by node and service id
     */
    public List<CatalogRow> rows(@Nullable String nodeId) {
        if (nodeId == null) {
            return jdbc.sql("""
                    SELECT node_id, service_id, service_name, address, port, tags, synced_at
                    FROM catalog ORDER BY node_id, service_id""")
                .query(CatalogTable::row)
                .list();
        }
        return jdbc.sql("""
                SELECT node_id, service_id, service_name, address, port, tags, synced_at
                FROM catalog WHERE node_id = :node ORDER BY service_id""")
            .param("node", nodeId)
            .query(CatalogTable::row)
            .list();
    }
}
