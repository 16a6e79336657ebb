package dev.antientropy.readme;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A remote held in memory that can be told to fail its next push, and to run something while a push is under
 * way (a change the application makes meanwhile). Used from the test thread only: the syncers run on a
 * {@code ManualSyncScheduler}.
 */
final class InMemoryCatalogClient implements CatalogClient {

    private final Map<String, ServiceEntry> entries = new LinkedHashMap<>(); // test thread only
    private boolean failNextPush; // test thread only
    private Runnable duringPush = () -> { }; // test thread only
    private int fullSyncs; // test thread only
    private int pushes; // test thread only

    void failNextPush() {
        failNextPush = true;
    }

    void duringNextPush(Runnable action) {
        duringPush = action;
    }

    Map<String, ServiceEntry> entries() {
        return Map.copyOf(entries);
    }

    int fullSyncs() {
        return fullSyncs;
    }

    int pushes() {
        return pushes;
    }

    @Override
    public void replaceAll(List<ServiceEntry> all) {
        fullSyncs++;
        entries.clear();
        all.forEach((entry) -> entries.put(entry.id(), entry));
    }

    @Override
    public void putAll(Changes changes) throws IOException {
        pushes++;
        Runnable action = duringPush;
        duringPush = () -> { };
        action.run();
        if (failNextPush) {
            failNextPush = false;
            throw new IOException("Connection refused");
        }
        changes.entries().forEach((entry) -> entries.put(entry.id(), entry));
    }
}
