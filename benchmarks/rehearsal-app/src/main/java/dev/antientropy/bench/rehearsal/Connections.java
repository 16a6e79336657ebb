package dev.antientropy.bench.rehearsal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a node gets its PostgreSQL transactions: the fleet host's shared {@link Pool}, or a node application's
 * {@code DataSource}. Thread-safe.
 */
@FunctionalInterface
public interface Connections {

    /**
     * Runs {@code work} in one transaction and commits it; rolls back and rethrows when it fails.
     *
     * @param work the statements
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws SQLException when a statement, the commit or the connection fails
     */
    <T> T inTransaction(Work<T> work) throws SQLException;

    /**
     * Statements run on one connection, in a transaction.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    interface Work<T> {

        /**
         * Runs the statements.
         *
         * @param connection the connection, auto-commit off
         * @return a result
         * @throws SQLException when a statement fails
         */
        T run(Connection connection) throws SQLException;
    }
}
