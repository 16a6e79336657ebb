package dev.antientropy.sample;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Fault injection: a switch that makes every call of the {@link CatalogTable} throw, as if the database were
 * down. Off by default. Only the syncer's path to the remote fails: the database itself stays up, so Boot's
 * {@code db} health, the catalog query endpoint and drift injection go on working. Thread-safe.
 */
public final class RemoteOutage {

    private final AtomicBoolean down = new AtomicBoolean();

    /** Starts the outage. Idempotent. */
    public void start() {
        down.set(true);
    }

    /** Ends the outage. Idempotent. */
    public void end() {
        down.set(false);
    }

    public boolean isDown() {
        return down.get();
    }

    /**
     * Throws when the outage is on; called before every JDBC call of the syncer.
     *
     * @throws RemoteUnavailableException while the outage is on
     */
    void check() {
        if (down.get()) {
            throw new RemoteUnavailableException();
        }
    }

    /** What the catalog's JDBC calls throw during an injected outage. */
    public static final class RemoteUnavailableException extends DataAccessResourceFailureException {

        private static final long serialVersionUID = 1L;

        RemoteUnavailableException() {
            super("catalog unreachable (injected outage: DELETE /api/faults/outage ends it)");
        }
    }
}
