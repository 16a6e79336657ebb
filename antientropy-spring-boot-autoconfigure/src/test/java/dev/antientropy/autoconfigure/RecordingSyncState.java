package dev.antientropy.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.antientropy.SyncState;

/** A {@link SyncState} that records every call ({@code "full"}, {@code "changes"}) and the thread it ran on. */
class RecordingSyncState implements SyncState {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void syncFull() {
        record("full");
    }

    @Override
    public void syncChanges() {
        record("changes");
    }

    List<String> calls() {
        return calls;
    }

    Thread lastThread() {
        return threads.get(threads.size() - 1);
    }

    private void record(String call) {
        threads.add(Thread.currentThread());
        calls.add(call);
    }
}
