package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;

/**
 * The state syncers of the application context, by name, and their lifecycle. It holds one syncer per
 * enabled {@code SyncState} bean (the same instances as the {@link StateSyncer} beans) plus any
 * {@code StateSyncer} bean of the application's own. Actuator's endpoint, health and metrics are built on it.
 *
 * <p>The context drives it as a {@link SmartLifecycle}: {@link #start()} starts every syncer (or resumes the
 * ones a {@link #stop(Runnable) stop} paused); {@code stop} pauses them and reports back once no sync is in
 * flight, without blocking the thread that stops the context; {@link #destroy()} closes them, waiting at most
 * the shutdown timeout ({@code spring.lifecycle.timeout-per-shutdown-phase}) for a sync still running, then
 * interrupting it and waiting once more at most as long for it to return. A syncer that was already started
 * elsewhere is left running as it is.
 *
 * <p>The accessors are thread-safe and never block; the lifecycle methods are called by the context.
 */
public final class StateSyncers implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StateSyncers.class);

    private final SortedMap<String, StateSyncer> syncers; // immutable after construction
    private final Duration shutdownTimeout;
    private final int phase;

    /** Held by the lifecycle methods; owns the fields below. */
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private final Set<String> pausedHere = new HashSet<>(); // lifecycleLock: paused by stop, resumed by start
    private boolean destroyed; // lifecycleLock
    private volatile boolean running; // written under lifecycleLock, read by any thread

    StateSyncers(Map<String, StateSyncer> syncers, Duration shutdownTimeout, int phase) {
        this.syncers = Collections.unmodifiableSortedMap(new TreeMap<>(syncers));
        this.shutdownTimeout = shutdownTimeout;
        this.phase = phase;
    }

    /**
     * Returns every syncer, by name.
     *
     * @return an unmodifiable map ordered by name
     */
    public Map<String, StateSyncer> asMap() {
        return syncers;
    }

    /**
     * Returns one syncer.
     *
     * @param name the syncer's name (the name of its {@code SyncState} bean)
     * @return the syncer, or {@code null} when there is none of that name
     */
    public @Nullable StateSyncer get(String name) {
        return syncers.get(name);
    }

    /**
     * Returns the names of the syncers.
     *
     * @return an unmodifiable set ordered by name
     */
    public Set<String> names() {
        return syncers.keySet();
    }

    /**
     * Tells whether the context has started the syncers and not stopped them: a syncer found
     * {@link SyncerState#DONE} meanwhile has died while the application runs.
     *
     * @return {@code true} between {@link #start()} and {@link #stop(Runnable) stop}
     */
    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts every syncer not started yet, and resumes the ones that the last {@link #stop(Runnable) stop}
     * paused. Never waits for a sync.
     *
     * @throws IllegalStateException once destroyed: closed syncers cannot run again
     */
    @Override
    public void start() {
        lifecycleLock.lock();
        try {
            if (destroyed) {
                throw new IllegalStateException("the state syncers are closed; they cannot start again");
            }
            for (StateSyncer syncer : syncers.values()) {
                if (pausedHere.remove(syncer.name())) {
                    resume(syncer);
                }
                if (syncer.status().state() == SyncerState.NEW) {
                    start(syncer);
                }
            }
            running = true;
        }
        finally {
            lifecycleLock.unlock();
        }
        log.debug("Started state syncers {}", syncers.keySet());
    }

    /**
     * Pauses every syncer and waits, at most the shutdown timeout, until no sync is in flight.
     */
    @Override
    public void stop() {
        CompletableFuture<Void> idle = pauseAll();
        try {
            idle.get(shutdownTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            log.warn("State syncers still syncing {} after they were paused; stop goes on", shutdownTimeout);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException cannotHappen) {
            // pauseAll() completes normally only
        }
    }

    /**
     * Pauses every syncer, so that no sync starts any more, and runs the callback once no sync is in flight:
     * at once when all are idle, else on the thread of the last syncer to finish its sync. Never blocks.
     *
     * @param callback told when the syncers are quiet
     */
    @Override
    public void stop(Runnable callback) {
        pauseAll().whenComplete((ignored, failure) -> callback.run());
    }

    /**
     * Closes every syncer: none starts a sync any more, and this waits, at most the shutdown timeout overall,
     * for syncs still running, then interrupts them and waits at most one more timeout for them to return.
     * Idempotent. When it returns, every syncer thread has ended, unless a sync ignored its interrupt (logged
     * at WARN).
     */
    @Override
    public void destroy() {
        lifecycleLock.lock();
        try {
            if (destroyed) {
                return;
            }
            destroyed = true;
            running = false;
        }
        finally {
            lifecycleLock.unlock();
        }
        syncers.values().forEach(StateSyncer::shutdown);
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        List<StateSyncer> interrupted = new ArrayList<>();
        for (StateSyncer syncer : syncers.values()) {
            if (!syncer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                interrupted.add(syncer); // close(timeout) interrupted its sync and gave up waiting
            }
        }
        // A sync that answers the interrupt returns at once; give the lot one more timeout, then go on.
        long grace = System.nanoTime() + shutdownTimeout.toNanos();
        for (StateSyncer syncer : interrupted) {
            if (!awaitTermination(syncer, grace)) {
                log.warn("syncer '{}': a sync ignored its interrupt and still runs {} after shutdown began",
                        syncer.name(), shutdownTimeout.multipliedBy(2));
            }
        }
        log.debug("Closed state syncers {}", syncers.keySet());
    }

    /**
     * Returns the phase in which the context starts and stops the syncers ({@code antientropy.lifecycle.phase}).
     *
     * @return the phase
     */
    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public String toString() {
        return "StateSyncers" + syncers.values();
    }

    private CompletableFuture<Void> pauseAll() {
        List<CompletableFuture<Void>> idle = new ArrayList<>();
        lifecycleLock.lock();
        try {
            running = false;
            for (StateSyncer syncer : syncers.values()) {
                if (syncer.status().state() != SyncerState.DONE && pausedHere.add(syncer.name())) {
                    syncer.pause();
                }
                idle.add(whenIdle(syncer));
            }
        }
        finally {
            lifecycleLock.unlock();
        }
        log.debug("Paused state syncers {}", syncers.keySet());
        return CompletableFuture.allOf(idle.toArray(CompletableFuture[]::new));
    }

    private static boolean awaitTermination(StateSyncer syncer, long deadline) {
        try {
            syncer.shutdown().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (TimeoutException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (ExecutionException cannotHappen) {
            return true;
        }
    }

    private static CompletableFuture<Void> whenIdle(StateSyncer syncer) {
        try {
            return syncer.whenIdle().toCompletableFuture();
        }
        catch (IllegalStateException calledFromItsOwnSync) {
            // The context is being stopped from inside this syncer's sync: waiting would wait for itself.
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void start(StateSyncer syncer) {
        try {
            syncer.start();
        }
        catch (IllegalStateException startedOrClosedElsewhere) {
            log.debug("syncer '{}': not started here: {}", syncer.name(), startedOrClosedElsewhere.getMessage());
        }
    }

    private static void resume(StateSyncer syncer) {
        try {
            syncer.resume();
        }
        catch (IllegalStateException resumedElsewhere) {
            // Someone else resumed the pause this registry added: the syncer runs already.
            log.debug("syncer '{}': {}", syncer.name(), resumedElsewhere.getMessage());
        }
    }
}
