package dev.antientropy.bench.rehearsal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.antientropy.SyncState;

/**
 * Keeps one node's rows of the {@code node_rows} table equal to its {@link NodeRows}, one transaction per sync.
 * Each successful sync also inserts one {@code sync_log} row whose {@code at} column PostgreSQL stamps with its
 * own clock ({@code clock_timestamp()}): the rehearsal measures the load from those rows, at the server, not
 * from the clients' counters. The syncer calls both methods from its own thread, never at once.
 */
public final class RowSync implements SyncState {

    private final int nodeId;
    private final NodeRows local;
    private final Connections connections;

    /**
     * Creates the sync of one node.
     *
     * @param nodeId the node's id, in every row it owns
     * @param local the node's local state
     * @param connections where the transactions run
     */
    public RowSync(int nodeId, NodeRows local, Connections connections) {
        this.nodeId = nodeId;
        this.local = Objects.requireNonNull(local, "local");
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Reconciles: reads this node's rows, upserts the missing and changed, deletes the stale. */
    @Override
    public void syncFull() throws SQLException {
        Map<Integer, Long> snapshot = local.snapshot();
        connections.inTransaction(connection -> {
            Map<Integer, Long> remote = new HashMap<>();
            try (PreparedStatement select = connection
                .prepareStatement("SELECT key, value FROM node_rows WHERE node_id = ?")) {
                select.setInt(1, nodeId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        remote.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
            Map<Integer, Long> upserts = new HashMap<>();
            snapshot.forEach((key, value) -> {
                if (!value.equals(remote.remove(key))) {
                    upserts.put(key, value);
                }
            });
            upsert(connection, upserts);
            delete(connection, new ArrayList<>(remote.keySet()));
            log(connection, "f");
            return null;
        });
    }

    /** Pushes the changed rows; on failure gives them back for the next push. */
    @Override
    public void syncChanges() throws SQLException {
        Map<Integer, Long> changes = local.takeChanges();
        if (changes.isEmpty()) {
            return;
        }
        try {
            connections.inTransaction(connection -> {
                Map<Integer, Long> upserts = new HashMap<>();
                List<Integer> deletes = new ArrayList<>();
                changes.forEach((key, value) -> {
                    if (value == null) {
                        deletes.add(key);
                    }
                    else {
                        upserts.put(key, value);
                    }
                });
                upsert(connection, upserts);
                delete(connection, deletes);
                log(connection, "c");
                return null;
            });
        }
        catch (SQLException | RuntimeException ex) {
            local.failed(changes);
            throw ex;
        }
    }

    private void upsert(Connection connection, Map<Integer, Long> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO node_rows (node_id, key, value) "
                + "VALUES (?, ?, ?) ON CONFLICT (node_id, key) DO UPDATE SET value = EXCLUDED.value")) {
            for (Map.Entry<Integer, Long> row : rows.entrySet()) {
                upsert.setInt(1, nodeId);
                upsert.setInt(2, row.getKey());
                upsert.setLong(3, row.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private void delete(Connection connection, List<Integer> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection
            .prepareStatement("DELETE FROM node_rows WHERE node_id = ? AND key = ANY (?)")) {
            delete.setInt(1, nodeId);
            delete.setArray(2, connection.createArrayOf("integer", keys.toArray()));
            delete.executeUpdate();
        }
    }

    private void log(Connection connection, String kind) throws SQLException {
        try (PreparedStatement log = connection.prepareStatement("INSERT INTO sync_log (node_id, kind) VALUES (?, ?)")) {
            log.setInt(1, nodeId);
            log.setString(2, kind);
            log.executeUpdate();
        }
    }
}
