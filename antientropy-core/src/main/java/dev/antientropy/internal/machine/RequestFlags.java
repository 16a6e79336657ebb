package dev.antientropy.internal.machine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pending requests of one syncer, as bits of one word: any thread sets a bit, the loop clears it when it
 * serves the request. A bit that is already set absorbs further requests of its kind: that is the
 * coalescing. The {@link #WAKE} bit says the loop is awake or about to be: it stays set for as long as the
 * loop runs, so requests made meanwhile wake nobody and cost one compare-and-set at most; the loop clears it
 * only when it goes idle, and only if no request came since it last looked ({@link #sleep}).
 */
final class RequestFlags {

    /** A staggered full sync was requested. */
    static final int FULL = 1;

    /** A partial sync was requested. */
    static final int CHANGES = 1 << 1;

    /** The last resume() happened: a full sync skipped while paused is brought forward. */
    static final int RESUMED = 1 << 2;

    /** The loop is awake, or has been woken and will look at the bits. */
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

    /**
     * Lets the loop go idle: clears {@link #WAKE} if the pending requests are still those the loop last saw.
     *
     * @param seen the pending requests the loop decided on
     * @return {@code true} when the loop may return; {@code false} when a request came meanwhile: look again
     */
    boolean sleep(int seen) {
        int current = bits.get();
        while ((current & ~WAKE) == seen) {
            if ((current & WAKE) == 0) {
                return true;
            }
            int witness = bits.compareAndExchange(current, seen);
            if (witness == current) {
                return true;
            }
            current = witness;
        }
        return false;
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

    /**
     * Tells whether a request must wake the loop: it set a bit, and it was the first since the loop went idle.
     *
     * @param prev what {@link #set} returned
     * @return {@code true} for exactly one request after the loop cleared {@link #WAKE}
     */
    static boolean firstSinceIdle(int prev) {
        return prev != COALESCED && (prev & WAKE) == 0;
    }

    /** Reads the pending requests (without {@link #WAKE}). */
    int pending() {
        return bits.get() & ~WAKE;
    }
}
