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
import dev.antientropy.internal.timing.WallClock;

/**
 * The state machine behind {@link StateSyncer}.
 *
 * <h2>Concurrency design</h2>
 * <p><b>Threads.</b> The loop has no thread of its own to block. Each pass is a task on the {@link SyncScheduler}'s
 * thread: one thread per syncer by default ({@link ThreadSyncScheduler}), the test's thread under a virtual-time
 * scheduler. Any thread may call the public methods; a sync timeout fires on the scheduler's watchdog thread.
 *
 * <p><b>The loop owner.</b> A pass runs under {@link #loopLock}. Whoever holds it is the <em>loop owner</em>, and
 * only the loop owner reads or writes the fields grouped under that lock below: the state, the next full sync's
 * time and reason, the timer, the pause bookkeeping, and the writes to the {@link StatusRecorder} (which keeps the
 * failure streaks, under its own short lock, so that any thread can take a snapshot). The lock is held for a whole
 * pass, syncs and listener calls included, and no other thread ever waits for it: {@link #shutdown()} and
 * {@link #whenIdle()} only try it.
 *
 * <p><b>Lock-free words.</b> Callers on any thread touch three words and never block: the {@link RequestFlags} (a
 * request sets a bit, the loop owner clears it when it serves it: a bit already set absorbs the request, which is
 * the coalescing), the {@link PauseCounter} (compare-and-set), and {@link #lifecycle}
 * ({@code NEW -> RUNNING -> CLOSED}, compare-and-set; every pass looks at it first, so a close wins over any
 * request).
 *
 * <p><b>The wake bit.</b> The {@code WAKE} bit of the request flags says the loop is awake or has been woken. The
 * first request after the loop went idle sets it and wakes the loop once: {@link ThreadSyncScheduler#wake()} (a flag
 * and at most one unpark) on the default scheduler, {@link SyncScheduler#execute} on any other. Later requests see
 * the bit set and wake nobody. The loop clears it only as it goes idle, and only if no request came since it last
 * looked ({@link RequestFlags#sleep}); otherwise it looks again. So no request is lost, and a burst costs one wake-up.
 *
 * <p><b>Interrupts and close.</b> A sync in flight is interrupted only through the {@link InterruptHandshake}, by
 * a watchdog past the sync timeout or by a closer that gave up waiting; it registers each sync under its own short
 * lock, so no sync starts after a close. The {@link Termination} completes once the loop ran its last pass (and the
 * syncer's own threads ended); {@code close()} waits for it, never for the loop lock, and returns at once on the
 * syncer's own threads.
 *
 * <h2>The loop</h2>
 * Each pass looks, in this order, at: shutdown, a full-sync request (which lowers the next full sync's time to a
 * stagger from now), the time of the next full sync, a partial-sync request. So shutdown wins, a requested or
 * periodic full sync comes before pending changes, and a full-sync request that meets an elapsed time gives one full
 * sync at once. When a full sync ends, the {@link FullSyncTiming} fixes when the next one is due; partial syncs
 * never move it. The loop decides; one method per state that does work does it: {@link #begin()} leaves NEW (for
 * STARTING, or for the first full sync at once), {@link #fullSync()} runs FULL_SYNC and ends in PARTIAL_SYNC or
 * RETRY_FULL_SYNC, {@link #partialSync()} serves a request in PARTIAL_SYNC, and {@link #finish(String)} enters
 * DONE. STARTING and RETRY_FULL_SYNC only wait for the next full sync's time, so no method of their own runs in
 * them: the timer ends them.
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
    private final WallClock wallClock = new WallClock(); // anchored at start and at each full sync
    private final FailureLog fullFailureLog;
    private final FailureLog partialFailureLog;
    private SyncerState current = SyncerState.NEW;
    private long nextFullSyncAt; // nanos: set when a full sync ends or is skipped; lowered by requests only
    private boolean replacePending; // the periodic full sync was placed by rank: place it again at replaceAt
    private long replaceAt; // nanos: when to place it again, before nextFullSyncAt
    private long placedAfter; // nanos: when the full sync ended that the placed one follows (or the start)
    private boolean placedAtStartup; // the placed full sync is the first one, placed from the start
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
                finishUnlessDone("start failed: " + SyncLog.describe(failed));
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
        if (hasListeners) {
            listener.syncRequested(name, type, prev == RequestFlags.COALESCED);
        }
        if (RequestFlags.firstSinceIdle(prev)) {
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
            if (RequestFlags.firstSinceIdle(requests.set(RequestFlags.CHANGES | RequestFlags.RESUMED))) {
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
                        finishUnlessDone(before == NEW ? "closed before start" : "closed");
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
            throw new IllegalStateException(
                    "syncer '" + name + "': whenIdle() from inside a sync would wait for itself");
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
                else if (replacePending && now - replaceAt >= 0) {
                    placeAgain(now);
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
            scheduleFullSync(Nanos.add(now, timing.startupDelay(wallClock.epochNanos(now))),
                    FullSyncReason.STARTUP_STAGGER);
            placeAgainLater(timing.lastStartupPlaced(), now, true);
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
            placeAgainLater(timing.lastPeriodicPlaced(), end, false);
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
                watchdog = scheduler.watchdog(() -> interrupts.interrupt(id,
                        (type == SyncType.FULL ? "full" : "partial") + " sync timed out after "
                                + Durations.format(timeout)), timeout); // the text is built only if it fires
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

    /**
     * A full sync placed by rank (periodic, or the first), shortly before it is due: placed again with the position
     * as it is now, on the same grid and in the same window; kept where it is when it can no longer be placed.
     */
    private void placeAgain(long now) {
        replacePending = false;
        long from = wallClock.epochNanos(placedAfter);
        long delay = placedAtStartup ? timing.placeStartupAgain(from, nextFullSyncAt - placedAfter)
                : timing.placeAgain(from, nextFullSyncAt - placedAfter);
        if (delay < 0) {
            return;
        }
        long at = Nanos.add(placedAfter, delay);
        if (at - now < 0) {
            at = now; // the slot moved earlier than now: at once, still in the window (after the old slot's start)
        }
        if (at != nextFullSyncAt) {
            scheduleFullSync(at, nextFullSyncReason);
        }
    }

    /** After a full sync was placed by rank from {@code from}: place it again shortly before it is due. */
    private void placeAgainLater(boolean placed, long from, boolean startup) {
        if (placed && nextFullSyncAt - timing.replaceAhead() - from > 0) {
            replacePending = true;
            replaceAt = nextFullSyncAt - timing.replaceAhead();
            placedAfter = from;
            placedAtStartup = startup;
        }
    }

    private void scheduleFullSync(long at, FullSyncReason reason) {
        replacePending = false; // whatever comes next is not the placed full sync any more
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

    /** One timer, for the full-sync deadline (or the placing again before it); re-armed only when it moved. */
    private void armTimer(long now) {
        long due = replacePending ? replaceAt : nextFullSyncAt;
        if (timer != null && timerDue == due) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        long token = ++timerToken;
        timerDue = due;
        timer = scheduler.schedule(() -> onTimer(token), Duration.ofNanos(Math.max(0, due - now)));
    }

    /** Ends the loop from outside a pass (a failed start, a close while idle), unless it has ended already. */
    private void finishUnlessDone(String reason) {
        if (current != SyncerState.DONE) {
            finish(reason);
        }
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
}
