package dev.antientropy.internal.machine;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.antientropy.SyncListener;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;

/**
 * Calls the user's listeners in order; one that throws is logged (WARN the first time, DEBUG after) and
 * ignored, so a listener can never stop the syncer.
 */
final class GuardedListener implements SyncListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

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
                failed(listener, "syncRequested", ex);
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
                failed(listener, "syncStarted", ex);
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
                failed(listener, "syncFinished", ex);
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
                failed(listener, "stateChanged", ex);
            }
        }
    }

    private void failed(SyncListener listener, String method, Throwable ex) {
        if (ex instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        if (!warned) {
            warned = true;
            log.warn("listener {} threw from {}; ignored", listener, method, ex);
        }
        else {
            log.debug("listener {} threw from {}; ignored", listener, method, ex);
        }
    }
}
