package dev.antientropy.internal.machine;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Lets a watchdog or a closer interrupt the sync in flight, and only that sync. The loop registers each sync
 * before calling the user's state ({@link #enter()}) and unregisters it after ({@link #leave()}); an interrupt
 * reaches the registered thread only, and says why, so the sync's failure can tell a timeout from a close.
 *
 * <p>Registering and the closed check are one step under one lock: once {@link #close()} has returned, no sync
 * registers, so no sync can start after a closer looked for one to interrupt and found none (the race of a
 * bounded close that left an unbounded sync behind).
 */
final class InterruptHandshake {

    /** Returned by {@link #enter()} when the syncer is closed: the sync must not start. */
    static final long CLOSED = -1;

    /** Guards every field below. Held only for a few field accesses and one {@code Thread.interrupt()}. */
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Thread syncThread; // the thread of the registered sync, null between syncs
    private long syncId; // the registered sync's id; counts every sync
    private @Nullable String reason; // why the registered sync was interrupted, null if it was not
    private boolean closed;

    /**
     * Loop owner: registers the calling thread's sync, unless the syncer is closed.
     *
     * @return the sync's id for {@link #interrupt(long, String)}, or {@link #CLOSED}: the sync must not start
     */
    long enter() {
        lock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            syncThread = Thread.currentThread();
            reason = null;
            return ++syncId;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Loop owner: unregisters the sync.
     *
     * @return why it was interrupted, {@code null} when it was not
     */
    @Nullable String leave() {
        lock.lock();
        try {
            syncThread = null;
            return reason;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Interrupts the given sync if it is still the registered one (a watchdog's sync may have ended). Any thread.
     *
     * @param id the id {@link #enter()} returned
     * @param why why, for the sync's failure
     */
    void interrupt(long id, String why) {
        lock.lock();
        try {
            if (syncThread != null && syncId == id) {
                interruptNow(why);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Interrupts the registered sync, if any. Any thread.
     *
     * @param why why, for the sync's failure
     */
    void interruptAny(String why) {
        lock.lock();
        try {
            if (syncThread != null) {
                interruptNow(why);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Refuses every later {@link #enter()}. Idempotent; any thread. */
    void close() {
        lock.lock();
        try {
            closed = true;
        }
        finally {
            lock.unlock();
        }
    }

    private void interruptNow(String why) {
        if (reason == null) {
            reason = why;
        }
        syncThread.interrupt();
    }
}
