package dev.antientropy.readme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's local state of the README's Quick start: the registered entries and the changes not pushed yet.
 * Thread-safe: every method holds the instance's lock briefly.
 */
final class LocalCatalog {

    private final Map<String, ServiceEntry> entries = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Long> pending = new LinkedHashMap<>(); // guarded by this: id -> version of its change
    private long version; // guarded by this

    synchronized void add(ServiceEntry entry) {
        entries.put(entry.id(), entry);
        pending.put(entry.id(), ++version);
    }

    synchronized List<ServiceEntry> snapshot() {
        return List.copyOf(entries.values());
    }

    /** Returns the pending changes without removing them. */
    synchronized Changes pendingChanges() {
        List<ServiceEntry> changed = new ArrayList<>();
        pending.keySet().forEach((id) -> changed.add(entries.get(id)));
        return new Changes(changed, pending);
    }

    /** Removes the given changes from the pending ones, unless the entry changed again since. */
    synchronized void markPushed(Changes pushed) {
        pushed.versions().forEach((id, pushedVersion) -> pending.remove(id, pushedVersion));
    }
}
