package dev.antientropy.internal.machine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import dev.antientropy.Cancellable;
import dev.antientropy.FleetPositionProvider;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncScheduler;
import dev.antientropy.SyncSettings;
import dev.antientropy.SyncState;
import dev.antientropy.SyncStatus;
import dev.antientropy.SyncTimeoutException;
import dev.antientropy.SyncTiming;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;
import dev.antientropy.internal.log.Durations;
import dev.antientropy.internal.log.SyncLog;
import dev.antientropy.internal.status.StatusRecorder;
import dev.antientropy.internal.timing.FullSyncTiming;
import dev.antientropy.internal.timing.Nanos;
import dev.antientropy.internal.timing.ThreadSyncScheduler;

/**
 * The state machine behind {@link StateSyncer}.
 *
 * <h2>Concurrency design</h2>
 * The loop has no thread to block: it runs as tasks on the {@link SyncScheduler}'s thread (the syncer's own
 * thread by default), one pass at a time, under {@link #loopLock}. Whoever holds that lock is the <em>loop
 * owner</em> and owns every field marked so: the state, the full-sync deadline, the timer, and the writes to the
 * {@link StatusRecorder} (which keeps the failure streaks). The lock is held for a whole pass, syncs included,
 * and is never waited for by another thread: {@link #shutdown()} only tries it, to end an idle loop at once.
 *
 * <p>Callers on any thread touch three lock-free words and never block:
 * <ul>
 * <li>{@link RequestFlags}: a request sets a bit; the loop owner clears it when it serves it. The {@code WAKE}
 * bit is the wake-up protocol: the first request after the loop went idle sets it and wakes the loop (one
 * {@link SyncScheduler#execute}, or a flag and an unpark on the default scheduler); later requests see it set
 * and wake nobody, until the loop clears it as it goes idle, and only if no request came since it looked.
 * <li>{@link PauseCounter}: the pause depth, compare-and-set.
 * <li>{@link #lifecycle}: {@code NEW -> RUNNING -> CLOSED}, compare-and-set; the loop looks at it first in every
 * pass, so a close wins over any request.
 * </ul>
 * A sync in flight is interrupted only through the {@link InterruptHandshake} (a watchdog past the sync timeout,
 * or a closer that gave up waiting); the end of the syncer and the waits for it are the {@link Termination}'s.
 *
 * <h2>The loop</h2>
 * Each pass looks, in this order, at: shutdown, a full-sync request (which lowers the full-sync deadline to a
 * stagger from now), the full-sync deadline, a partial-sync request. So shutdown wins, a requested or periodic
 * full sync comes before pending changes, and a full-sync request that meets an elapsed deadline gives one full
 * sync at once. The deadline of the next periodic full sync is fixed when a full sync ends, by the
 * {@link FullSyncTiming}, and partial syncs never move it. One method per state does the work: {@link #begin()}
 * (NEW, STARTING), {@link #fullSync()} (FULL_SYNC, ending in PARTIAL_SYNC or RETRY_FULL_SYNC),
 * {@link #partialSync()} (PARTIAL_SYNC serving a request) and {@link #finish(String)} (DONE).
 */
public final class SyncMachine {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int CLOSED = 2;

    /** What a sync that the hand-shake refused (the syncer closed first) returns: it never ran. */
    private static final Throwable NOT_RUN = new Throwable("not run: closed", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /** Why the next full sync is due, for the state-change log line. */
    private enum FullSyncReason {
        FIRST("start"),
        STARTUP_STAGGER("start-up stagger elapsed"),
        PERIODIC("interval elapsed"),
        RETRY("retry timer"),
        REQUESTED("full sync requested"),
        RESUMED("resumed after a full sync skipped while paused");

        final String text;

        FullSyncReason(String text) {
            this.text = text;
        }
    }

    // Configuration, immutable.
    private final String name;
    private final SyncState state;
    private final SyncSettings settings;
    private final SyncScheduler scheduler;
    private final Runnable loopTask = this::runLoop;
    private final Runnable waker; // wakes the loop: the own scheduler's lock-free wake(), or execute(loopTask)
    private final @Nullable ThreadSyncScheduler ownScheduler; // the scheduler this machine made and closes
    private final GuardedListener listener;
    private final boolean hasListeners; // none: skip the calls and the Duration they take
    private final FullSyncTiming timing;

    // Any thread; lock-free (see the class description).
    private final RequestFlags requests = new RequestFlags();
    private final PauseCounter pause = new PauseCounter();
    private final AtomicInteger lifecycle = new AtomicInteger(NEW);
    private final InterruptHandshake interrupts = new InterruptHandshake();
    private final Termination termination;
    private volatile boolean warnedWake; // racy on purpose: at most a few WARN lines for a scheduler that throws

    /** Held by the loop owner for a whole pass; {@link #shutdown()} only tries it. Owns every field below. */
    private final ReentrantLock loopLock = new ReentrantLock();
    private final StatusRecorder status; // the loop owner writes; any thread takes snapshots
    private final WallClock wallClock = new WallClock();
    private final FailureLog fullFailureLog;
    private final FailureLog partialFailureLog;
    private SyncerState current = SyncerState.NEW;
    private long nextFullSyncAt; // nanos: set when a full sync ends or is skipped; lowered by requests only
    private FullSyncReason nextFullSyncReason = FullSyncReason.FIRST;
    private boolean fullSyncRequested; // a requested full sync waits out its stagger: changes wait behind it
    private boolean skippedWhilePaused; // the last full sync was skipped: the last resume() brings it forward
    private @Nullable Cancellable timer;
    private long timerDue;
    private long timerToken; // tells the armed timer from cancelled ones that fire anyway

    /**
     * Creates a machine; nothing runs before {@link #start()}.
     *
     * @param state the user's state
     * @param settings the validated settings
     * @param stagger the random draw
     * @param clusterSize the cluster size supplier
     * @param positions this node's place in its fleet for rank spread, or {@code null} for random spread
     * @param listeners the listeners, in call order
     * @param scheduler the scheduler to run on, or {@code null} to make threads of its own
     * @param threadFactory the factory of those threads, or {@code null} for daemon platform threads
     */
    public SyncMachine(SyncState state, SyncSettings settings, Stagger stagger, IntSupplier clusterSize,
            @Nullable FleetPositionProvider positions, List<SyncListener> listeners, @Nullable SyncScheduler scheduler,
            @Nullable ThreadFactory threadFactory) {
        this.name = settings.name();
        this.state = state;
        this.settings = settings;
        if (scheduler != null) {
            this.scheduler = scheduler;
            this.ownScheduler = null;
            this.waker = () -> scheduler.execute(loopTask);
        }
        else {
            ThreadSyncScheduler own = new ThreadSyncScheduler("antientropy-" + name,
                    settings.syncTimeout() == null ? null : "antientropy-" + name + "-watchdog", threadFactory,
                    loopTask);
            this.scheduler = own;
            this.ownScheduler = own;
            this.waker = own::wake;
        }
        this.listener = new GuardedListener(listeners);
        this.hasListeners = !this.listener.isEmpty();
        this.timing = new FullSyncTiming(settings, stagger, clusterSize, positions);
        this.status = new StatusRecorder(name);
        this.termination = new Termination(ownScheduler, interrupts);
        this.fullFailureLog = new FailureLog(name, "full sync");
        this.partialFailureLog = new FailureLog(name, "partial sync");
    }

    // ---------------------------------------------------------------- any thread

    /** See {@link StateSyncer#start()}. */
    public void start() {
        if (!lifecycle.compareAndSet(NEW, RUNNING)) {
            throw new IllegalStateException(lifecycle.get() == RUNNING ? "syncer '" + name + "' was already started"
                    : "syncer '" + name + "' is closed; build a new one");
        }
        try {
            if (ownScheduler != null) {
                ownScheduler.start();
            }
            scheduler.execute(loopTask);
        }
        catch (RuntimeException | Error failed) {
            // A failed start: no thread runs, the syncer is DONE, triggers are dropped and close() returns.
            lifecycle.set(CLOSED);
            interrupts.close();
            loopLock.lock();
            try {
                if (current != SyncerState.DONE) {
                    finish("start failed: " + SyncLog.describe(failed));
                }
            }
            finally {
                loopLock.unlock();
            }
            throw failed;
        }
    }

    /**
     * Requests a sync. Never blocks or throws; allocation-free when nothing listens.
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
     * @return completes when the syncer's thread has run its last task
     */
    public CompletionStage<Void> shutdown() {
        int before = lifecycle.getAndSet(CLOSED);
        if (before != CLOSED) {
            interrupts.close(); // from now on no sync starts; one registered before is in flight
            if (!loopLock.isHeldByCurrentThread()) {
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
                    // A pass is running, maybe a sync: it sees CLOSED at its next look, or the next pass does.
                    wake();
                }
            }
        }
        return termination.stage();
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
            termination.stage().thenRun(() -> idle.complete(null));
        }
        return idle.minimalCompletionStage();
    }

    /** See {@link StateSyncer#close()}. */
    public void close() {
        shutdown();
        if (!loopLock.isHeldByCurrentThread()) { // inside a sync or a listener: the loop ends once it returns
            termination.await();
        }
    }

    /**
     * See {@link StateSyncer#close(Duration)}.
     *
     * @param timeout how long to wait for a sync in flight
     * @return {@code true} when the syncer's threads ended in time
     */
    public boolean close(Duration timeout) {
        shutdown();
        return !loopLock.isHeldByCurrentThread() && termination.await(timeout);
    }

    /** Wakes the loop for a request. Never throws: a scheduler that does is logged, and the timer still fires. */
    private void wake() {
        if (lifecycle.get() == NEW) {
            return; // start() runs the first pass, which sees the bits
        }
        try {
            waker.run();
        }
        catch (Throwable ex) {
            if (ex instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            boolean first = !warnedWake;
            warnedWake = true;
            SyncLog.warnOnce(first, "syncer '" + name + "': scheduler " + SyncLog.name(scheduler)
                    + " refused to run the loop; the request waits for the next timer", ex);
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
                    requestFullSync(now, FullSyncReason.REQUESTED);
                }
                else if ((pending & RequestFlags.RESUMED) != 0) {
                    requests.clear(RequestFlags.RESUMED);
                    if (skippedWhilePaused && !pause.paused()) {
                        requestFullSync(now, FullSyncReason.RESUMED);
                    }
                }
                else if (now - nextFullSyncAt >= 0) {
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
            SyncLog.error("syncer '" + name + "': internal error; the syncer stops", bug);
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

    /** States NEW and STARTING: the first full sync is due now, or after the start-up stagger. */
    private void begin() {
        long now = scheduler.nanoTime();
        wallClock.anchor(scheduler.now(), now);
        if (timing.staggersStartup()) {
            scheduleFullSync(Nanos.add(now, timing.startupDelay()), FullSyncReason.STARTUP_STAGGER);
            transition(SyncerState.STARTING, "started; first full sync staggered");
        }
        else {
            scheduleFullSync(now, FullSyncReason.FIRST);
        }
    }

    /** A full-sync request: the full sync comes after its stagger, or sooner if it is due anyway. */
    private void requestFullSync(long now, FullSyncReason reason) {
        fullSyncRequested = true;
        long requested = Nanos.add(now, timing.requestedDelay());
        if (requested - nextFullSyncAt < 0) {
            scheduleFullSync(requested, reason);
        }
    }

    /** State FULL_SYNC: ends in PARTIAL_SYNC on success, in RETRY_FULL_SYNC on failure or when paused. */
    private void fullSync() {
        requests.clear(RequestFlags.FULL); // every request made before this full sync starts is served by it
        fullSyncRequested = false;
        if (pause.paused()) {
            skippedWhilePaused = true;
            scheduleFullSync(Nanos.add(scheduler.nanoTime(), timing.retryDelay(0)), FullSyncReason.RETRY);
            transition(SyncerState.RETRY_FULL_SYNC, "full sync skipped: paused");
            return;
        }
        transition(SyncerState.FULL_SYNC, nextFullSyncReason.text);
        Throwable failure = runSync(SyncType.FULL);
        if (failure == NOT_RUN) {
            return; // closed before it started: the loop finishes at its next look
        }
        skippedWhilePaused = false;
        long end = scheduler.nanoTime();
        if (failure == null) {
            scheduleFullSync(Nanos.add(end, timing.periodicDelay(wallClock.epochNanos(end))), FullSyncReason.PERIODIC);
            transition(SyncerState.PARTIAL_SYNC, "full sync succeeded");
        }
        else {
            scheduleFullSync(Nanos.add(end, timing.retryDelay(status.consecutiveFullFailures())), FullSyncReason.RETRY);
            transition(SyncerState.RETRY_FULL_SYNC, "full sync failed");
        }
    }

    /** State PARTIAL_SYNC, serving a request. A failure is logged and not retried. */
    private void partialSync() {
        requests.clear(RequestFlags.CHANGES);
        if (pause.paused()) {
            SyncLog.debug("syncer '" + name + "': partial sync skipped: paused (the last resume requests one)", null);
            return;
        }
        runSync(SyncType.CHANGES);
    }

    /**
     * Calls the user's state; whatever it throws, but a VirtualMachineError, is that sync's failure.
     *
     * @return {@code null} on success, the failure, or {@link #NOT_RUN} when the syncer closed before the start
     */
    private @Nullable Throwable runSync(SyncType type) {
        long id = interrupts.enter();
        if (id == InterruptHandshake.CLOSED) {
            return NOT_RUN;
        }
        long start = scheduler.nanoTime();
        if (type == SyncType.FULL) {
            wallClock.anchor(scheduler.now(), start); // once per full sync: keeps the derived wall clock true
        }
        long startedAt = wallClock.epochNanos(start);
        status.syncStarts(type, startedAt);
        listener.syncStarted(name, type);
        Throwable failure = null;
        String interrupted;
        Cancellable watchdog = null;
        try {
            Duration timeout = settings.syncTimeout();
            if (timeout != null) {
                watchdog = scheduler.watchdog(() -> interrupts.interrupt(id, (type == SyncType.FULL ? "full" : "partial")
                        + " sync timed out after " + Durations.format(timeout)), timeout);
            }
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
            interrupted = interrupts.leave();
            Thread.interrupted(); // an interrupt aimed at this sync must not leak into the next one
        }
        if (interrupted != null) {
            failure = failure == null ? new SyncTimeoutException(interrupted)
                    : new SyncTimeoutException(interrupted, failure);
        }
        long took = Math.max(0, scheduler.nanoTime() - start);
        recordEnd(type, startedAt, took, failure);
        return failure;
    }

    /** Records the sync (the recorder counts its failure streak), tells the listeners and logs a failure streak. */
    private void recordEnd(SyncType type, long startedAt, long took, @Nullable Throwable failure) {
        int streak = status.finished(type, startedAt, took, failure == null ? null : SyncLog.describe(failure));
        if (hasListeners) {
            listener.syncFinished(name, type, Duration.ofNanos(took), failure);
        }
        FailureLog failures = type == SyncType.FULL ? fullFailureLog : partialFailureLog;
        if (failure != null) {
            failures.failed(failure, Instant.ofEpochSecond(0, startedAt), streak);
        }
        else if (streak > 0) {
            failures.recovered(streak);
        }
    }

    private void scheduleFullSync(long at, FullSyncReason reason) {
        nextFullSyncAt = at;
        nextFullSyncReason = reason;
        status.nextFullSync(wallClock.epochNanos(at), timing.lastClusterSize(), timing.lastFactor());
    }

    private void transition(SyncerState to, String reason) {
        SyncerState from = current;
        if (from == to) {
            return;
        }
        current = to;
        status.state(to);
        if (SyncLog.logger().isDebugEnabled()) {
            SyncLog.logger().debug("syncer '{}': {} -> {} ({})", name, from, to, reason);
        }
        listener.stateChanged(name, from, to);
    }

    /** One timer, for the full-sync deadline; re-armed only when the deadline moved. */
    private void armTimer(long now) {
        if (timer != null && timerDue == nextFullSyncAt) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        long token = ++timerToken;
        timerDue = nextFullSyncAt;
        timer = scheduler.schedule(() -> onTimer(token), Duration.ofNanos(Math.max(0, nextFullSyncAt - now)));
    }

    /** State DONE: no timer, no sync, and the threads end. */
    private void finish(String reason) {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerToken++;
        transition(SyncerState.DONE, reason);
        lifecycle.set(CLOSED);
        interrupts.close();
        termination.loopEnded();
    }

    private void finishAfterBug() {
        try {
            finish("internal error");
        }
        catch (Throwable again) {
            SyncLog.error("syncer '" + name + "': could not stop cleanly", again);
            current = SyncerState.DONE;
            termination.loopEnded();
        }
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
}
