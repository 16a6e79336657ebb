package dev.antientropy.internal.machine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nestable pause depth. Any thread; {@link #decrement} uses compare-and-set, so an unbalanced resume
 * throws and changes nothing (Consul's panics after the decrement and leaves -1 behind).
 */
final class PauseCounter {

    private final AtomicInteger depth = new AtomicInteger();

    /** Adds one pause level. */
    void increment(String syncer) {
        int current = depth.get();
        while (true) {
            if (current == Integer.MAX_VALUE) {
                throw new IllegalStateException("syncer '" + syncer + "' is paused " + current + " deep; cannot pause");
            }
            int witness = depth.compareAndExchange(current, current + 1);
            if (witness == current) {
                return;
            }
            current = witness;
        }
    }

    /**
     * Removes one pause level.
     *
     * @return {@code true} when this call ended the pause
     * @throws IllegalStateException when not paused; nothing changes then
     */
    boolean decrement(String syncer) {
        int current = depth.get();
        while (true) {
            if (current == 0) {
                throw new IllegalStateException("syncer '" + syncer + "' is not paused: resume() without pause()");
            }
            int witness = depth.compareAndExchange(current, current - 1);
            if (witness == current) {
                return current == 1;
            }
            current = witness;
        }
    }

    int depth() {
        return depth.get();
    }

    boolean paused() {
        return depth.get() > 0;
    }
}
