package dev.antientropy.sample;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fault injection: corrupts this node's catalog rows behind the syncer's back, as a buggy tool, an operator or a
 * restored backup would, so that the next full sync (periodic or requested) has drift to repair. Touches only
 * this node's rows. Thread-safe.
 */
public final class DriftInjector {

    /** The kinds of drift, each repaired by a different step of the full sync. */
    public enum Kind {
        /** Deletes rows: the full sync inserts them again. */
        DELETE,
        /** Changes address and port of rows: the full sync updates them back. */
        ALTER,
        /** Adds a row for a service this node does not have: the full sync deletes it. */
        ORPHAN;

        /**
         * Parses a kind as written in the API path.
         *
         * @param text {@code delete}, {@code alter} or {@code orphan}, in any case
         * @return the kind
         * @throws IllegalArgumentException for anything else
         */
        public static Kind parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(
                        "unknown drift '" + text + "': expected delete, alter or orphan", ex);
            }
        }
    }

    /** Address written by {@link Kind#ALTER}; {@code .invalid} never resolves. */
    public static final String DRIFTED_ADDRESS = "drifted.invalid";

    private final JdbcClient jdbc;
    private final String nodeId;

    public DriftInjector(JdbcClient jdbc, String nodeId) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
    }

    /**
     * Corrupts the catalog.
     *
     * @param kind what to do
     * @param serviceId the one service to hit, or {@code null} for every row of this node ({@link Kind#ORPHAN}
     *     uses it as the id of the row it adds, else a random one)
     * @return the number of rows changed
     */
    public int inject(Kind kind, @Nullable String serviceId) {
        return switch (kind) {
            case DELETE -> jdbc.sql("DELETE FROM catalog WHERE node_id = :node" + oneService(serviceId))
                .param("node", nodeId)
                .params(serviceParam(serviceId))
                .update();
            case ALTER -> jdbc.sql("UPDATE catalog SET address = :address, port = 1 WHERE node_id = :node"
                    + oneService(serviceId))
                .param("node", nodeId)
                .param("address", DRIFTED_ADDRESS)
                .params(serviceParam(serviceId))
                .update();
            case ORPHAN -> jdbc.sql("""
                    INSERT INTO catalog (node_id, service_id, service_name, address, port, tags, synced_at)
                    VALUES (:node, :id, 'orphan', :address, 1, 'drift', :at)""")
                .param("node", nodeId)
                .param("id", serviceId != null ? serviceId : "orphan-" + UUID.randomUUID().toString().substring(0, 8))
                .param("address", DRIFTED_ADDRESS)
                .param("at", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        };
    }

    private static String oneService(@Nullable String serviceId) {
        return serviceId == null ? "" : " AND service_id = :id";
    }

    private static Map<String, ?> serviceParam(@Nullable String serviceId) {
        return serviceId == null ? Map.of() : Map.of("id", serviceId);
    }
}
