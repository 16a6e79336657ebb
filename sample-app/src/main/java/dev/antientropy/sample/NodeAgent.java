package dev.antientropy.sample;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Qualifier;

import dev.antientropy.StateSyncer;
import dev.antientropy.sample.LocalServices.Outcome;

/**
 * The node's write path: every edit of the local state is saved and then announced to the syncer with
 * {@link StateSyncer#triggerSyncChanges()}, which never blocks and coalesces, so a burst of edits becomes one
 * partial sync. The syncer is the one the starter made for the {@code catalog} {@link dev.antientropy.SyncState}
 * bean, injected by its qualifier. Thread-safe: edits are serialised so the saved file follows their order.
 */
public class NodeAgent {

    private final LocalServices local;
    private final ServicesFile file;
    private final StateSyncer syncer;
    private final Object edits = new Object();

    NodeAgent(LocalServices local, ServicesFile file, @Qualifier("catalog") StateSyncer syncer) {
        this.local = local;
        this.file = file;
        this.syncer = syncer;
    }

    /**
     * Registers a service or replaces the one with its id, and requests a partial sync when that changed
     * anything.
     *
     * @param service the service
     * @return what the registration did
     */
    public Outcome register(ServiceRegistration service) {
        Outcome outcome;
        synchronized (edits) {
            outcome = local.register(service);
            if (outcome != Outcome.UNCHANGED) {
                file.save(local.all());
            }
        }
        if (outcome != Outcome.UNCHANGED) {
            syncer.triggerSyncChanges();
        }
        return outcome;
    }

    /**
     * Deregisters a service and requests a partial sync, which deletes its catalog row.
     *
     * @param id the service id
     * @return {@code true} when it was registered
     */
    public boolean deregister(String id) {
        boolean removed;
        synchronized (edits) {
            removed = local.deregister(id);
            if (removed) {
                file.save(local.all());
            }
        }
        if (removed) {
            syncer.triggerSyncChanges();
        }
        return removed;
    }

    public List<ServiceRegistration> services() {
        return local.all();
    }

    public Optional<ServiceRegistration> service(String id) {
        return local.get(id);
    }

    /**
     * Returns the ids of the services changed since the last successful push.
     *
     * @return the ids waiting for a sync
     */
    public Set<String> pendingChanges() {
        return local.pendingIds();
    }
}
