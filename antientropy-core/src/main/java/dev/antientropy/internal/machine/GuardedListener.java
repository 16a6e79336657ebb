package dev.antientropy.internal.machine;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncListener;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;
import dev.antientropy.internal.log.SyncLog;

/**
 * Calls the user's listeners in order; one that throws is logged (WARN the first time, DEBUG after) and
 * ignored, so a listener can never stop the syncer nor make a trigger throw, even when its exception cannot be
 * read.
 */
final class GuardedListener implements SyncListener {

    private final SyncListener[] listeners;
    private volatile boolean warned; // any thread: racy on purpose, at worst two WARN lines

    GuardedListener(List<SyncListener> listeners) {
        this.listeners = listeners.toArray(SyncListener[]::new);
    }

    boolean isEmpty() {
        return listeners.length == 0;
    }

    @Override
    public void syncRequested(String syncer, SyncType type, boolean coalesced) {
        for (SyncListener listener : listeners) {
            try {
                listener.syncRequested(syncer, type, coalesced);
            }
            catch (Throwable ex) {
                failed(syncer, listener, "syncRequested", ex);
            }
        }
    }

    @Override
    public void syncStarted(String syncer, SyncType type) {
        for (SyncListener listener : listeners) {
            try {
                listener.syncStarted(syncer, type);
            }
            catch (Throwable ex) {
                failed(syncer, listener, "syncStarted", ex);
            }
        }
    }

    @Override
    public void syncFinished(String syncer, SyncType type, Duration duration, @Nullable Throwable failure) {
        for (SyncListener listener : listeners) {
            try {
                listener.syncFinished(syncer, type, duration, failure);
            }
            catch (Throwable ex) {
                failed(syncer, listener, "syncFinished", ex);
            }
        }
    }

    @Override
    public void stateChanged(String syncer, SyncerState from, SyncerState to) {
        for (SyncListener listener : listeners) {
            try {
                listener.stateChanged(syncer, from, to);
            }
            catch (Throwable ex) {
                failed(syncer, listener, "stateChanged", ex);
            }
        }
    }

    private void failed(String syncer, SyncListener listener, String method, Throwable ex) {
        if (ex instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        boolean first = !warned;
        warned = true;
        SyncLog.warnOnce(first, "syncer '" + syncer + "': listener " + SyncLog.name(listener) + " threw from "
                + method + "; ignored", ex);
    }
}
