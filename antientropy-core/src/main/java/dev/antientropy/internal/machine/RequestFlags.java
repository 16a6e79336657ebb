package dev.antientropy.internal.machine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pending requests of one syncer, as bits of one word: any thread sets a bit, the loop clears it when it
 * serves the request. A bit that is already set absorbs further requests of its kind: that is the
 * coalescing. The {@link #WAKE} bit says the loop has been woken and not yet looked, so a burst of requests
 * wakes it once.
 */
final class RequestFlags {

    /** A staggered full sync was requested. */
    static final int FULL = 1;

    /** A partial sync was requested. */
    static final int CHANGES = 1 << 1;

    /** The last resume() happened: a full sync skipped while paused is brought forward. */
    static final int RESUMED = 1 << 2;

    /** The loop has been woken and has not looked at the bits yet. */
    static final int WAKE = 1 << 3;

    /** Returned by {@link #set} when every requested bit was already set. */
    static final int COALESCED = -1;

    private final AtomicInteger bits = new AtomicInteger();

    /**
     * Sets bits along with {@link #WAKE}. Lock-free; allocation-free.
     *
     * @return the word before, or {@link #COALESCED} when every bit in {@code mask} was already set
     */
    int set(int mask) {
        int prev = bits.get();
        while ((prev & mask) != mask) {
            int witness = bits.compareAndExchange(prev, prev | mask | WAKE);
            if (witness == prev) {
                return prev;
            }
            prev = witness;
        }
        return COALESCED;
    }

    /** Clears {@link #WAKE} before the loop looks, so that any later request wakes it again. */
    int takeWake() {
        int prev = bits.get();
        while ((prev & WAKE) != 0) {
            int witness = bits.compareAndExchange(prev, prev & ~WAKE);
            if (witness == prev) {
                break;
            }
            prev = witness;
        }
        return prev & ~WAKE;
    }

    /** Clears bits: their requests are being served. */
    void clear(int mask) {
        int prev = bits.get();
        while ((prev & mask) != 0) {
            int witness = bits.compareAndExchange(prev, prev & ~mask);
            if (witness == prev) {
                return;
            }
            prev = witness;
        }
    }

    /** Reads the pending requests. */
    int get() {
        return bits.get() & ~WAKE;
    }
}
