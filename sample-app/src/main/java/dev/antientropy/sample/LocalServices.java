package dev.antientropy.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The node's local state: the services registered here, held in memory, plus the ids changed since the last
 * push to the catalog ("dirty"). A dirty id whose service is gone is a tombstone: its row must be deleted.
 *
 * <p>A sync takes the dirty ids ({@link #takeAll()}, {@link #takeChanges()}) and ends with {@link
 * #pushed(Snapshot)} or {@link #failed(Snapshot)}; a failed one gives its ids back, so nothing is lost. Until it
 * ends they count as pending. An edit made while a push runs marks its id dirty again, so it goes out with the
 * next push. One sync at a time (the syncer guarantees it). Thread-safe: every method holds the instance's lock
 * briefly and never does I/O.
 */
public final class LocalServices {

    /** What a registration did to the local state. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    private final Map<String, ServiceRegistration> services = new LinkedHashMap<>(); // guarded by this
    private final Set<String> dirty = new TreeSet<>(); // guarded by this
    private Set<String> inFlight = Set.of(); // guarded by this; the ids taken by the sync in flight

    /**
     * Registers a service or replaces the one with the same id; marks it dirty unless nothing changed.
     *
     * @param service the service
     * @return whether it was created, updated or already registered as it is
     */
    public synchronized Outcome register(ServiceRegistration service) {
        ServiceRegistration previous = services.put(service.id(), service);
        if (service.equals(previous)) {
            return Outcome.UNCHANGED;
        }
        dirty.add(service.id());
        return previous == null ? Outcome.CREATED : Outcome.UPDATED;
    }

    /**
     * Deregisters a service and marks its id dirty (a tombstone).
     *
     * @param id the service id
     * @return {@code true} when it was registered
     */
    public synchronized boolean deregister(String id) {
        if (services.remove(id) == null) {
            return false;
        }
        dirty.add(id);
        return true;
    }

    public synchronized Optional<ServiceRegistration> get(String id) {
        return Optional.ofNullable(services.get(id));
    }

    public synchronized List<ServiceRegistration> all() {
        return List.copyOf(services.values());
    }

    /**
     * Returns the ids changed since the last successful push, for display: the dirty ones and those a sync in
     * flight is pushing.
     *
     * @return the pending ids, sorted
     */
    public synchronized SortedSet<String> pendingIds() {
        SortedSet<String> pending = new TreeSet<>(dirty);
        pending.addAll(inFlight);
        return Collections.unmodifiableSortedSet(pending);
    }

    /**
     * Takes everything for a full sync: all services, and the dirty ids, which the full sync covers.
     *
     * @return the services and the ids to give back should the sync fail
     */
    public synchronized Snapshot takeAll() {
        Snapshot snapshot = new Snapshot(List.copyOf(services.values()), List.of(), Set.copyOf(dirty));
        dirty.clear();
        inFlight = snapshot.taken();
        return snapshot;
    }

    /**
     * Takes the changes for a partial sync: the services of the dirty ids that are registered, and the dirty ids
     * that are not (to delete).
     *
     * @return the changes and the ids to give back should the push fail
     */
    public synchronized Snapshot takeChanges() {
        List<ServiceRegistration> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (String id : dirty) {
            ServiceRegistration service = services.get(id);
            if (service == null) {
                deletes.add(id);
            }
            else {
                upserts.add(service);
            }
        }
        Snapshot snapshot = new Snapshot(List.copyOf(upserts), List.copyOf(deletes), Set.copyOf(dirty));
        dirty.clear();
        inFlight = snapshot.taken();
        return snapshot;
    }

    /**
     * Ends a sync that reached the remote: its ids are no longer pending (unless edited again meanwhile).
     *
     * @param snapshot what the sync took
     */
    public synchronized void pushed(Snapshot snapshot) {
        inFlight = Set.of();
    }

    /**
     * Ends a sync that failed: its ids are dirty again, for the next sync.
     *
     * @param snapshot what the sync took
     */
    public synchronized void failed(Snapshot snapshot) {
        inFlight = Set.of();
        dirty.addAll(snapshot.taken());
    }

    /**
     * What a sync took from the local state.
     *
     * @param services the services to write
     * @param deletes the ids whose rows to delete (partial sync only; a full sync deletes every row it has no
     *     service for)
     * @param taken the dirty ids this sync cleared, to give back when it fails
     */
    public record Snapshot(List<ServiceRegistration> services, List<String> deletes, Set<String> taken) {

        public boolean isEmpty() {
            return services.isEmpty() && deletes.isEmpty();
        }
    }
}
