package dev.antientropy.bench.rehearsal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The fleet host's connections: at most {@code size} open at once, shared by all its nodes, as a sidecar
 * connection pooler would. A connection that failed in any way is closed and replaced by a new one on the next
 * use, so the pool heals by itself after PostgreSQL restarts. Thread-safe: the semaphore bounds the borrowers,
 * the queue holds the idle connections.
 */
public final class Pool implements Connections, AutoCloseable {

    private final String url;
    private final Properties properties = new Properties();
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>(); // borrowers, one at a time per connection

    /**
     * Creates a pool; connections are opened on first use.
     *
     * @param url the JDBC URL
     * @param size the most connections open at once
     */
    public Pool(String url, int size) {
        this.url = url;
        this.permits = new Semaphore(size, true);
        this.properties.setProperty("user", "postgres");
        this.properties.setProperty("connectTimeout", "5");
        this.properties.setProperty("socketTimeout", "20");
        this.properties.setProperty("ApplicationName", "rehearsal-fleet-host");
    }

    /**
     * Opens every connection now, so that a cold start measures the nodes, not the pool's first connects.
     *
     * @throws SQLException when PostgreSQL refuses a connection
     */
    public void fill() throws SQLException {
        int missing = permits.availablePermits() - idle.size();
        for (int i = 0; i < missing; i++) {
            Connection connection = DriverManager.getConnection(url, properties);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            connection.commit();
            idle.add(connection);
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try {
            permits.acquire();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", ex);
        }
        Connection connection = idle.poll();
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, properties);
                connection.setAutoCommit(false);
            }
            T result = work.run(connection);
            connection.commit();
            idle.add(connection);
            connection = null;
            return result;
        }
        finally {
            if (connection != null) {
                discard(connection);
            }
            permits.release();
        }
    }

    private static void discard(Connection connection) {
        try {
            connection.close();
        }
        catch (SQLException ex) {
            // already broken: nothing to roll back
        }
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            discard(connection);
        }
    }
}
