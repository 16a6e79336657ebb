package dev.antientropy.bench.rehearsal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One node's local state: a few rows {@code key -> value}, and the keys changed since they were last pushed.
 * Thread-safe: every method holds the instance's lock (the mutator writes, the syncer thread reads).
 */
public final class NodeRows {

    private final Map<Integer, Long> rows = new HashMap<>(); // guarded by this
    private final Set<Integer> dirty = new HashSet<>(); // guarded by this
    private int nextKey; // guarded by this

    /**
     * Creates the state with {@code count} rows.
     *
     * @param count the number of rows
     * @param seed the first values
     */
    public NodeRows(int count, long seed) {
        for (int k = 0; k < count; k++) {
            rows.put(k, seed + k);
        }
        nextKey = count;
    }

    /**
     * Returns a copy of the rows.
     *
     * @return key to value
     */
    public synchronized Map<Integer, Long> snapshot() {
        return new HashMap<>(rows);
    }

    /**
     * Takes the changed keys, each with its value now, or {@code null} when it was deleted.
     *
     * @return key to value or {@code null}; the dirty set is empty afterwards
     */
    public synchronized Map<Integer, Long> takeChanges() {
        Map<Integer, Long> changes = new HashMap<>();
        for (Integer key : dirty) {
            changes.put(key, rows.get(key));
        }
        dirty.clear();
        return changes;
    }

    /**
     * Gives back changes whose push failed, so the next partial sync pushes them again.
     *
     * @param changes what {@link #takeChanges()} returned
     */
    public synchronized void failed(Map<Integer, Long> changes) {
        dirty.addAll(changes.keySet());
    }

    /**
     * Changes one row at random: updates a value (most often), adds a row or deletes one.
     *
     * @param random the source of randomness, used by the caller's thread only
     */
    public synchronized void mutate(SplittableRandom random) {
        int draw = random.nextInt(10);
        if (draw == 0 || rows.isEmpty()) {
            int key = nextKey++;
            rows.put(key, random.nextLong());
            dirty.add(key);
        }
        else {
            int index = random.nextInt(rows.size());
            Integer key = null;
            for (Integer candidate : rows.keySet()) {
                if (index-- == 0) {
                    key = candidate;
                    break;
                }
            }
            if (draw == 1 && rows.size() > 1) {
                rows.remove(key);
            }
            else {
                rows.put(key, random.nextLong());
            }
            dirty.add(key);
        }
    }
}
