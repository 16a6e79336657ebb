package dev.antientropy.sample;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The remote authority as one node's syncer sees it: this node's rows of the {@code catalog} table. Every
 * statement names the node, so nodes sharing the database never touch each other's rows. Plain portable SQL
 * (H2, PostgreSQL). Every call first passes the {@link RemoteOutage} switch. Runs in the caller's transaction,
 * if any. Thread-safe.
 */
public final class CatalogTable {

    private final JdbcClient jdbc;
    private final String nodeId;
    private final RemoteOutage outage;

    public CatalogTable(JdbcClient jdbc, String nodeId, RemoteOutage outage) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.outage = Objects.requireNonNull(outage, "outage");
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Reads this node's rows.
     *
     * @return the rows, by service id
     */
    public List<CatalogRow> rows() {
        outage.check();
        return jdbc.sql("""
                SELECT node_id, service_id, service_name, address, port, tags, synced_at
                FROM catalog WHERE node_id = :node ORDER BY service_id""")
            .param("node", nodeId)
            .query(CatalogTable::row)
            .list();
    }

    public void insert(ServiceRegistration service) {
        outage.check();
        jdbc.sql("""
                INSERT INTO catalog (node_id, service_id, service_name, address, port, tags, synced_at)
                VALUES (:node, :id, :name, :address, :port, :tags, :at)""")
            .params(values(service))
            .update();
    }

    /**
     * Overwrites the row of a service.
     *
     * @param service the service
     * @return {@code true} when the row existed
     */
    public boolean update(ServiceRegistration service) {
        outage.check();
        return jdbc.sql("""
                UPDATE catalog SET service_name = :name, address = :address, port = :port, tags = :tags,
                    synced_at = :at
                WHERE node_id = :node AND service_id = :id""")
            .params(values(service))
            .update() > 0;
    }

    /**
     * Deletes the row of a service.
     *
     * @param serviceId the service id
     * @return {@code true} when the row existed
     */
    public boolean delete(String serviceId) {
        outage.check();
        return jdbc.sql("DELETE FROM catalog WHERE node_id = :node AND service_id = :id")
            .param("node", nodeId)
            .param("id", serviceId)
            .update() > 0;
    }

    /**
     * Counts the nodes that have rows in the catalog, this one included.
     *
     * @return the number of distinct node ids, at least 1
     */
    public int nodeCount() {
        outage.check();
        Integer count = jdbc.sql("SELECT COUNT(DISTINCT node_id) FROM catalog").query(Integer.class).single();
        return Math.max(1, count == null ? 0 : count);
    }

    private Map<String, Object> values(ServiceRegistration service) {
        return Map.of("node", nodeId, "id", service.id(), "name", service.name(), "address",
                service.address(), "port", service.port(), "tags", service.joinedTags(), "at",
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    static CatalogRow row(ResultSet rs, int rowNum) throws SQLException {
        return new CatalogRow(rs.getString("node_id"), rs.getString("service_id"), rs.getString("service_name"),
                rs.getString("address"), rs.getInt("port"), rs.getString("tags"),
                rs.getObject("synced_at", OffsetDateTime.class));
    }
}
