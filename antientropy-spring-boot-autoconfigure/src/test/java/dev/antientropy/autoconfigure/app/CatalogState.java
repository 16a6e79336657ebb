package dev.antientropy.autoconfigure.app;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncState;

/**
 * Local entries and their mirror on a "remote" (a map here). Records every sync and its thread; a test can
 * hold the next partial sync at a gate to have a sync in flight.
 */
public class CatalogState implements SyncState {

    private final Map<String, String> local = new ConcurrentHashMap<>();
    private final Map<String, String> remote = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicReference<@Nullable CountDownLatch> gate = new AtomicReference<>();

    void put(String key, String value) {
        local.put(key, value);
        dirty.add(key);
    }

    @Override
    public void syncFull() {
        enter("full");
        remote.clear();
        remote.putAll(local);
        dirty.clear();
    }

    @Override
    public void syncChanges() throws InterruptedException {
        enter("changes");
        CountDownLatch held = gate.getAndSet(null);
        if (held != null) {
            held.await();
        }
        for (String key : dirty) {
            dirty.remove(key);
            remote.put(key, local.get(key));
        }
        calls.add("changes done");
    }

    /** Makes the next partial sync wait until the latch opens. */
    public void holdNextChanges(CountDownLatch release) {
        gate.set(release);
    }

    public Map<String, String> remote() {
        return remote;
    }

    public List<String> calls() {
        return calls;
    }

    public Thread lastThread() {
        return threads.get(threads.size() - 1);
    }

    private void enter(String call) {
        threads.add(Thread.currentThread());
        calls.add(call);
    }
}
