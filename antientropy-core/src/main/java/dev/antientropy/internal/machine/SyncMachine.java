package dev.antientropy.internal.machine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.antientropy.Cancellable;
import dev.antientropy.FleetPositionProvider;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncScheduler;
import dev.antientropy.SyncSettings;
import dev.antientropy.SyncState;
import dev.antientropy.SyncStatus;
import dev.antientropy.SyncTiming;
import dev.antientropy.SyncTimeoutException;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;
import dev.antientropy.internal.status.StatusRecorder;
import dev.antientropy.internal.timing.ThreadSyncScheduler;
import dev.antientropy.internal.timing.FullSyncTiming;
import dev.antientropy.internal.timing.Nanos;

/**
 * The state machine behind {@link StateSyncer}. The loop runs as tasks on the {@link SyncScheduler}'s thread;
 * there is no thread of its own to block: a request sets a bit and wakes the loop, a deadline is one timer.
 *
 * <p>Each pass of the loop looks, in this order, at: shutdown, a full-sync request (which lowers the full-sync
 * deadline to a stagger from now), the full-sync deadline, a partial-sync request. So shutdown wins, a
 * requested or periodic full sync comes before pending changes, and a full-sync request that meets an elapsed
 * deadline gives one full sync at once. The deadline of the next periodic full sync is fixed when a full sync
 * ends and partial syncs never move it.
 */
public final class SyncMachine {

    private static final Logger log = LoggerFactory.getLogger(StateSyncer.class);

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int CLOSED = 2;

    /** Why the next full sync is due, for the state-change log line. */
    private enum Due {
        START("start"),
        STARTUP("start-up stagger elapsed"),
        PERIODIC("interval elapsed"),
        RETRY("retry timer"),
        REQUESTED("full sync requested"),
        RESUMED("resumed after a full sync skipped while paused");

        final String reason;

        Due(String reason) {
            this.reason = reason;
        }
    }

    // Configuration, immutable.
    private final String name;
    private final SyncState state;
    private final SyncSettings settings;
    private final SyncScheduler scheduler;
    private final @Nullable ThreadSyncScheduler ownScheduler; // the scheduler this machine made and closes
    private final GuardedListener listener;
    private final boolean hasListeners; // none: skip the calls and the Duration they take
    private final FullSyncTiming timing;
    private final Runnable loopTask = this::runLoop;

    // Shared with callers on any thread; lock-free.
    private final RequestFlags requests = new RequestFlags(); // any thread sets, the loop owner clears
    private final PauseCounter pause = new PauseCounter(); // any thread
    private final AtomicInteger lifecycle = new AtomicInteger(NEW); // any thread: NEW -> RUNNING -> CLOSED, CAS
    private final CompletableFuture<Void> terminated = new CompletableFuture<>(); // completed once by finish()

    /**
     * Owns every field below: held by whoever runs the loop, normally the syncer's thread for each pass, or
     * {@link #shutdown()} when it finds the loop idle. Never held while waiting for anything but a sync.
     */
    private final ReentrantLock loopLock = new ReentrantLock();
    private final StatusRecorder status;
    private final WallClock wallClock = new WallClock();
    private final FailureLog fullFailureLog;
    private final FailureLog partialFailureLog;
    private SyncerState current = SyncerState.NEW;
    private long fullSyncDue; // nanos: set when a full sync ends or is skipped; lowered by requests only
    private Due due = Due.START;
    private boolean fullSyncRequested; // a requested full sync waits out its stagger: changes wait behind it
    private boolean skippedWhilePaused; // the last full sync was skipped: the last resume() brings it forward
    private int consecutiveFailures;
    private @Nullable Cancellable timer;
    private long timerDue;
    private long timerToken; // tells the armed timer from cancelled ones that fire anyway

    /** Guards the three fields below: the hand-shake that lets a watchdog interrupt only the sync it watches. */
    private final ReentrantLock interruptLock = new ReentrantLock();
    private @Nullable Thread syncThread;
    private long syncId;
    private @Nullable String interruptReason;

    /**
     * Creates a machine; nothing runs before {@link #start()}.
     *
     * @param state the user's state
     * @param settings the validated settings
     * @param stagger the random draw
     * @param clusterSize the cluster size supplier
     * @param positions this node's place in its fleet for rank spread, or {@code null} for random spread
     * @param listeners the listeners, in call order
     * @param scheduler the scheduler to run on, or {@code null} to make one thread of its own
     * @param threadFactory the factory of that thread, or {@code null} for a daemon platform thread
     */
    public SyncMachine(SyncState state, SyncSettings settings, Stagger stagger, IntSupplier clusterSize,
            @Nullable FleetPositionProvider positions, List<SyncListener> listeners, @Nullable SyncScheduler scheduler, @Nullable ThreadFactory threadFactory) {
        this.name = settings.name();
        this.state = state;
        this.settings = settings;
        if (scheduler != null) {
            this.scheduler = scheduler;
            this.ownScheduler = null;
        }
        else {
            this.ownScheduler = new ThreadSyncScheduler(name, threadFactory, loopTask);
            this.scheduler = this.ownScheduler;
        }
        this.listener = new GuardedListener(listeners);
        this.hasListeners = !this.listener.isEmpty();
        this.timing = new FullSyncTiming(settings, stagger, clusterSize, positions);
        this.status = new StatusRecorder(name);
        this.fullFailureLog = new FailureLog(log, name, "full sync");
        this.partialFailureLog = new FailureLog(log, name, "partial sync");
    }

    // ---------------------------------------------------------------- any thread

    /** See {@link StateSyncer#start()}. */
    public void start() {
        if (!lifecycle.compareAndSet(NEW, RUNNING)) {
            throw new IllegalStateException(lifecycle.get() == RUNNING ? "syncer '" + name + "' was already started"
                    : "syncer '" + name + "' is closed; build a new one");
        }
        scheduler.execute(loopTask);
    }

    /**
     * Requests a sync. Never blocks; allocation-free when nothing listens.
     *
     * @param type the sync requested
     */
    public void request(SyncType type) {
        int prev = requests.set(type == SyncType.FULL ? RequestFlags.FULL : RequestFlags.CHANGES);
        boolean coalesced = prev == RequestFlags.COALESCED;
        if (hasListeners) {
            listener.syncRequested(name, type, coalesced);
        }
        if (!coalesced && (prev & RequestFlags.WAKE) == 0) {
            wake();
        }
    }

    /** See {@link StateSyncer#pause()}. */
    public void pause() {
        pause.increment(name);
    }

    /**
     * See {@link StateSyncer#resume()}.
     *
     * @return {@code true} when this call ended the pause
     */
    public boolean resume() {
        boolean last = pause.decrement(name);
        if (last) {
            int prev = requests.set(RequestFlags.CHANGES | RequestFlags.RESUMED);
            if (prev != RequestFlags.COALESCED && (prev & RequestFlags.WAKE) == 0) {
                wake();
            }
        }
        return last;
    }

    /**
     * See {@link StateSyncer#isPaused()}.
     *
     * @return whether paused
     */
    public boolean isPaused() {
        return pause.paused();
    }

    /**
     * See {@link StateSyncer#status()}.
     *
     * @return the status
     */
    public SyncStatus status() {
        return status.snapshot(pause.depth());
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public SyncSettings settings() {
        return settings;
    }

    /**
     * See {@link StateSyncer#timing()}.
     *
     * @return the timing as the policy states it now
     */
    public SyncTiming timing() {
        return timing.describe(status.consecutiveFullFailures());
    }

    /**
     * See {@link StateSyncer#shutdown()}.
     *
     * @return completes when the syncer's thread has ended
     */
    public CompletionStage<Void> shutdown() {
        int before = lifecycle.getAndSet(CLOSED);
        if (before != CLOSED && !loopLock.isHeldByCurrentThread()) {
            if (loopLock.tryLock()) {
                // The loop is idle (or never ran): end it here rather than wait for a pass.
                try {
                    if (current != SyncerState.DONE) {
                        finish(before == NEW ? "closed before start" : "closed");
                    }
                }
                finally {
                    loopLock.unlock();
                }
            }
            else {
                // A pass is running, maybe a sync: it sees CLOSED at its next look, or this pass does.
                scheduler.execute(loopTask);
            }
        }
        return terminated.minimalCompletionStage();
    }

    /**
     * See {@link StateSyncer#whenIdle()}.
     *
     * @return completes once no loop pass (so no sync) is running
     */
    public CompletionStage<Void> whenIdle() {
        CompletableFuture<Void> idle = new CompletableFuture<>();
        if (loopLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("syncer '" + name + "': whenIdle() from inside a sync would wait for itself");
        }
        if (loopLock.tryLock()) {
            loopLock.unlock();
            idle.complete(null);
        }
        else {
            // The syncer's thread runs one task at a time: this one runs once the running pass has returned.
            scheduler.execute(() -> idle.complete(null));
            terminated.thenRun(() -> idle.complete(null));
        }
        return idle.minimalCompletionStage();
    }

    /** See {@link StateSyncer#close()}. */
    public void close() {
        shutdown();
        if (loopLock.isHeldByCurrentThread()) {
            return; // called from inside a sync or a listener: the loop ends once it returns
        }
        boolean interrupted = false;
        while (true) {
            try {
                terminated.get();
                if (ownScheduler != null) {
                    ownScheduler.awaitThreadEnd(0);
                }
                break;
            }
            catch (InterruptedException ex) {
                // As ExecutorService.close(): an interrupt while waiting interrupts the sync, then waits on.
                interrupted = true;
                interruptSync("sync interrupted: close() was interrupted while waiting for it");
            }
            catch (ExecutionException cannotHappen) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * See {@link StateSyncer#close(Duration)}.
     *
     * @param timeout how long to wait for a sync in flight
     * @return {@code true} when the syncer's thread ended in time
     */
    public boolean close(Duration timeout) {
        shutdown();
        if (loopLock.isHeldByCurrentThread()) {
            return false;
        }
        long deadline = Nanos.add(System.nanoTime(), Math.max(0, Nanos.of(timeout)));
        try {
            terminated.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return ownScheduler == null || ownScheduler.awaitThreadEnd(Math.max(1, deadline - System.nanoTime()));
        }
        catch (TimeoutException ex) {
            interruptSync("sync interrupted: still running when close(" + timeout + ") gave up waiting");
            return false;
        }
        catch (InterruptedException ex) {
            interruptSync("sync interrupted: close() was interrupted while waiting for it");
            Thread.currentThread().interrupt();
            return false;
        }
        catch (ExecutionException cannotHappen) {
            return true;
        }
    }

    private void wake() {
        if (lifecycle.get() != NEW) { // before start, start() runs the first pass and sees the bits
            scheduler.execute(loopTask);
        }
    }

    // ---------------------------------------------------------------- the loop (loopLock)

    private void runLoop() {
        loopLock.lock();
        try {
            if (current == SyncerState.DONE) {
                return;
            }
            while (true) {
                if (lifecycle.get() == CLOSED) {
                    finish("closed");
                    return;
                }
                if (current == SyncerState.NEW) {
                    begin();
                }
                int pending = requests.pending();
                long now = scheduler.nanoTime();
                if ((pending & RequestFlags.FULL) != 0) {
                    requests.clear(RequestFlags.FULL);
                    requestFullSync(now, Due.REQUESTED);
                    continue;
                }
                if ((pending & RequestFlags.RESUMED) != 0) {
                    requests.clear(RequestFlags.RESUMED);
                    if (skippedWhilePaused && !pause.paused()) {
                        requestFullSync(now, Due.RESUMED);
                    }
                    continue;
                }
                if (now - fullSyncDue >= 0) {
                    fullSync();
                }
                else if ((pending & RequestFlags.CHANGES) != 0 && current == SyncerState.PARTIAL_SYNC
                        && !fullSyncRequested) {
                    partialSync();
                }
                else {
                    armTimer(now);
                    if (requests.sleep(pending)) {
                        return; // idle until a request wakes the loop again, or the timer fires
                    }
                }
            }
        }
        catch (Throwable bug) {
            log.error("syncer '{}': internal error; the syncer stops", name, bug);
            finishAfterBug();
        }
        finally {
            loopLock.unlock();
        }
    }

    private void onTimer(long token) {
        loopLock.lock();
        try {
            if (token == timerToken) {
                timer = null;
            }
            runLoop();
        }
        finally {
            loopLock.unlock();
        }
    }

    /** The first pass: the first full sync is due now, or after the start-up stagger. */
    private void begin() {
        long now = scheduler.nanoTime();
        wallClock.anchor(scheduler.now(), now);
        if (timing.staggersStartup()) {
            setDue(Nanos.add(now, timing.startupDelay()), Due.STARTUP);
            transition(SyncerState.STARTING, "started; first full sync staggered");
        }
        else {
            setDue(now, Due.START);
        }
    }

    /** A full-sync request: the full sync comes after a stagger of up to serverUpInterval x f, or sooner. */
    private void requestFullSync(long now, Due reason) {
        fullSyncRequested = true;
        long requested = Nanos.add(now, timing.requestedDelay());
        if (requested - fullSyncDue < 0) {
            setDue(requested, reason);
        }
    }

    /** State FULL_SYNC. */
    private void fullSync() {
        requests.clear(RequestFlags.FULL); // every request made before this full sync starts is served by it
        fullSyncRequested = false;
        if (pause.paused()) {
            skippedWhilePaused = true;
            long now = scheduler.nanoTime();
            setDue(Nanos.add(now, timing.retryDelay(0)), Due.RETRY);
            transition(SyncerState.RETRY_FULL_SYNC, "full sync skipped: paused");
            return;
        }
        transition(SyncerState.FULL_SYNC, due.reason);
        Throwable failure = runSync(SyncType.FULL);
        skippedWhilePaused = false;
        long end = scheduler.nanoTime();
        if (failure == null) {
            consecutiveFailures = 0;
            setDue(Nanos.add(end, timing.periodicDelay(wallClock.epochNanos(end))), Due.PERIODIC);
            transition(SyncerState.PARTIAL_SYNC, "full sync succeeded");
        }
        else {
            consecutiveFailures = consecutiveFailures == Integer.MAX_VALUE ? consecutiveFailures
                    : consecutiveFailures + 1;
            setDue(Nanos.add(end, timing.retryDelay(consecutiveFailures)), Due.RETRY);
            transition(SyncerState.RETRY_FULL_SYNC, "full sync failed");
        }
    }

    /** State PARTIAL_SYNC, serving a request. A failure is logged and not retried. */
    private void partialSync() {
        requests.clear(RequestFlags.CHANGES);
        if (pause.paused()) {
            log.debug("syncer '{}': partial sync skipped: paused (the last resume requests one)", name);
            return;
        }
        runSync(SyncType.CHANGES);
    }

    /** Calls the user's state; whatever it throws, but a VirtualMachineError, is that sync's failure. */
    private @Nullable Throwable runSync(SyncType type) {
        long start = scheduler.nanoTime();
        if (type == SyncType.FULL) {
            wallClock.anchor(scheduler.now(), start); // once per full sync: keeps the derived wall clock true
        }
        long startedAt = wallClock.epochNanos(start);
        if (type == SyncType.FULL) {
            status.fullSyncStarts(startedAt);
        }
        else {
            status.partialSyncStarts(startedAt);
        }
        listener.syncStarted(name, type);
        long id = enterInterruptible();
        Duration timeout = settings.syncTimeout();
        Cancellable watchdog = timeout == null ? null : scheduler.watchdog(
                () -> interruptSync(id, (type == SyncType.FULL ? "full" : "partial") + " sync timed out after "
                        + timeout), timeout);
        Throwable failure = null;
        String interrupted;
        try {
            if (type == SyncType.FULL) {
                state.syncFull();
            }
            else {
                state.syncChanges();
            }
        }
        catch (Throwable ex) {
            if (ex instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            failure = ex;
        }
        finally {
            if (watchdog != null) {
                watchdog.cancel();
            }
            interrupted = leaveInterruptible();
            Thread.interrupted(); // an interrupt aimed at this sync must not leak into the next one
        }
        if (interrupted != null) {
            failure = failure == null ? new SyncTimeoutException(interrupted)
                    : new SyncTimeoutException(interrupted, failure);
        }
        long took = Math.max(0, scheduler.nanoTime() - start);
        status.finished(type, startedAt, took, failure == null ? null : describe(failure));
        if (hasListeners) {
            listener.syncFinished(name, type, Duration.ofNanos(took), failure);
        }
        FailureLog failures = type == SyncType.FULL ? fullFailureLog : partialFailureLog;
        if (failure == null) {
            failures.succeeded();
        }
        else {
            failures.failed(failure, Instant.ofEpochSecond(0, startedAt));
        }
        return failure;
    }

    private void setDue(long nanos, Due reason) {
        fullSyncDue = nanos;
        due = reason;
        status.nextFullSync(wallClock.epochNanos(nanos), timing.lastClusterSize(), timing.lastFactor());
    }

    /**
     * The wall clock of the status, derived from the monotonic clock without allocating: re-anchored on the
     * scheduler's wall clock at start and at each full sync, so it cannot drift for longer than one interval.
     */
    private static final class WallClock {

        private long anchorEpochNanos; // loop owner only
        private long anchorNanoTime; // loop owner only

        void anchor(Instant now, long nanoTime) {
            anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            anchorNanoTime = nanoTime;
        }

        long epochNanos(long nanoTime) {
            return Nanos.add(anchorEpochNanos, nanoTime - anchorNanoTime);
        }
    }

    private void transition(SyncerState to, String reason) {
        SyncerState from = current;
        if (from == to) {
            return;
        }
        current = to;
        status.state(to);
        if (log.isDebugEnabled()) {
            log.debug("syncer '{}': {} -> {} ({})", name, from, to, reason);
        }
        listener.stateChanged(name, from, to);
    }

    /** One timer, for the full-sync deadline; re-armed only when the deadline moved. */
    private void armTimer(long now) {
        if (timer != null && timerDue == fullSyncDue) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        long token = ++timerToken;
        timerDue = fullSyncDue;
        timer = scheduler.schedule(() -> onTimer(token), Duration.ofNanos(Math.max(0, fullSyncDue - now)));
    }

    private void finish(String reason) {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerToken++;
        transition(SyncerState.DONE, reason);
        lifecycle.set(CLOSED);
        if (ownScheduler != null) {
            ownScheduler.close();
            ownScheduler.termination().whenComplete((ignored, failure) -> terminated.complete(null));
        }
        else {
            terminated.complete(null);
        }
    }

    private void finishAfterBug() {
        try {
            finish("internal error");
        }
        catch (Throwable again) {
            log.error("syncer '{}': could not stop cleanly", name, again);
            current = SyncerState.DONE;
            terminated.complete(null);
        }
    }

    // ---------------------------------------------------------------- interrupting a sync

    private long enterInterruptible() {
        interruptLock.lock();
        try {
            syncThread = Thread.currentThread();
            interruptReason = null;
            return ++syncId;
        }
        finally {
            interruptLock.unlock();
        }
    }

    private @Nullable String leaveInterruptible() {
        interruptLock.lock();
        try {
            syncThread = null;
            return interruptReason;
        }
        finally {
            interruptLock.unlock();
        }
    }

    private void interruptSync(long id, String reason) {
        interruptLock.lock();
        try {
            if (syncThread != null && syncId == id) {
                interruptNow(reason);
            }
        }
        finally {
            interruptLock.unlock();
        }
    }

    private void interruptSync(String reason) {
        interruptLock.lock();
        try {
            if (syncThread != null) {
                interruptNow(reason);
            }
        }
        finally {
            interruptLock.unlock();
        }
    }

    private void interruptNow(String reason) {
        if (interruptReason == null) {
            interruptReason = reason;
        }
        syncThread.interrupt();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "failed without a message" : message;
    }
}
