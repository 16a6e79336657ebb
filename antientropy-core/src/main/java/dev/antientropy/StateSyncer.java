package dev.antientropy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import dev.antientropy.internal.machine.SyncMachine;
import dev.antientropy.internal.timing.ScaleFactor;

/**
 * Keeps a {@link SyncState} mirrored on a remote authority, as Consul's anti-entropy syncer does: a full sync
 * at start and then periodically (self-healing), partial syncs on request, retries after a failed full sync,
 * and every delay staggered by a random amount stretched with the cluster size, so that a fleet of nodes does
 * not hit the remote at the same moment.
 *
 * <pre>{@code
 * StateSyncer syncer = StateSyncer.builder(state)
 *         .name("catalog")
 *         .interval(Duration.ofMinutes(1))
 *         .clusterSize(members::size)
 *         .build();
 * syncer.start();
 * // whenever local state changes:
 * syncer.triggerSyncChanges();
 * }</pre>
 *
 * <p>Timing, with {@code f = scaleFactor(clusterSize)}: the next periodic full sync falls in
 * {@code [interval, interval * (1 + f))} after the last full sync ended, and partial syncs never postpone it;
 * a failed full sync is retried after {@code [retry, retry * (1 + f))} (growing with the
 * {@linkplain Builder#retryBackoff(double, Duration) back-off}, if any); a
 * {@linkplain #triggerSyncFull() requested} full sync runs after {@code [0, serverUpInterval * f)}. Partial
 * syncs run only after a full sync succeeded; one requested meanwhile waits for it.
 *
 * <p>The syncer runs on one thread of its own (named {@code antientropy-NAME}); {@link SyncState#syncFull()}
 * and {@link SyncState#syncChanges()} never run at the same time. Every public method is thread-safe; the
 * trigger methods never block. A {@code SyncState} or {@link SyncListener} that throws never stops the
 * syncer; an interrupt of its thread is not a shutdown; only {@link #close()} stops it.
 *
 * <h2>Logging</h2>
 * Every line the core logs goes to one SLF4J category, {@code dev.antientropy.StateSyncer} (this class's name; in
 * Spring Boot, {@code logging.level.dev.antientropy.StateSyncer}), and names the syncer ({@code syncer 'catalog':
 * ...}). Nothing logs under the names of the internal packages.
 * <ul>
 * <li>DEBUG: each state change and its reason ({@code syncer 'catalog': PARTIAL_SYNC -> FULL_SYNC (interval
 * elapsed)}); a partial sync skipped while paused.
 * <li>WARN: the first failure of a streak of full or of partial syncs, with its stack; a one-line summary at the
 * 2nd, 4th, 8th, ... failure in a row (DEBUG in between). INFO: the first success after a streak.
 * <li>WARN the first time, DEBUG after: user code that misbehaves and is worked around: a {@link SyncListener},
 * {@link Stagger}, cluster-size supplier or {@link FleetPositionProvider} that throws (or a stagger out of range),
 * a {@link SyncScheduler} that refuses to run the loop.
 * <li>ERROR: an internal error, which ends the syncer in {@link SyncerState#DONE}.
 * </ul>
 */
public final class StateSyncer implements AutoCloseable {

    private final SyncState state;
    private final SyncMachine machine;

    private StateSyncer(SyncState state, SyncMachine machine) {
        this.state = state;
        this.machine = machine;
    }

    /**
     * Starts building a syncer for the given state.
     *
     * @param state the local state to keep mirrored
     * @return a builder with Consul's defaults
     */
    public static Builder builder(SyncState state) {
        return new Builder(state);
    }

    /**
     * Consul's scale factor with the default threshold of 128: 1 up to 128 nodes, then one more per doubling
     * (200 nodes: 2, 1000: 4, 10000: 8).
     *
     * @param nodes the cluster size
     * @return the factor that stretches every delay, at least 1
     */
    public static int scaleFactor(int nodes) {
        return ScaleFactor.of(nodes, ScaleFactor.DEFAULT_THRESHOLD);
    }

    /**
     * Consul's scale factor: {@code 1} for {@code nodes <= threshold}, else
     * {@code ceil(log2(nodes) - log2(threshold)) + 1}, computed exactly.
     *
     * @param nodes the cluster size
     * @param threshold the size up to which delays are not stretched, at least 1
     * @return the factor that stretches every delay, at least 1
     * @throws IllegalArgumentException when the threshold is below 1
     */
    public static int scaleFactor(int nodes, int threshold) {
        return ScaleFactor.of(nodes, threshold);
    }

    /**
     * Starts the syncer: makes its threads (the syncer's thread, and a watchdog thread when a
     * {@linkplain Builder#syncTimeout(Duration) sync timeout} is set), whose first task is the first full sync,
     * at once or after the {@linkplain Builder#startupStagger(Duration) start-up stagger}. Requests made before
     * start are served after the first full sync.
     *
     * <p>A start that cannot make its threads (the thread factory throws or returns {@code null}, or the JVM
     * cannot create a native thread) throws that failure and leaves the syncer {@link SyncerState#DONE}, as if
     * closed: no sync runs, triggers are dropped, {@link #close()} returns at once.
     *
     * @throws IllegalStateException when already started, or closed
     */
    public void start() {
        machine.start();
    }

    /**
     * Requests a full sync, staggered by up to {@code serverUpInterval * f} (sooner if one is due anyway): for
     * when the remote may have lost state (a server joined, the remote restarted). Never blocks; coalesces with
     * a pending request. Any thread.
     */
    public void triggerSyncFull() {
        machine.request(SyncType.FULL);
    }

    /**
     * Requests a partial sync, because local state changed. Never blocks; coalesces with a pending request:
     * every call is followed by a {@link SyncState#syncChanges()} that starts after it, unless the syncer is
     * paused then (resuming requests one) or closed. Served after the next successful full sync when none has
     * succeeded yet or one is pending. Any thread.
     */
    public void triggerSyncChanges() {
        machine.request(SyncType.CHANGES);
    }

    /**
     * Pauses sync runs: no sync starts until the matching {@link #resume()}; a sync in flight goes on. Pauses
     * nest. A full sync that falls due meanwhile is skipped and retried. Never blocks. Any thread.
     *
     * @throws IllegalStateException when the pause depth would overflow
     */
    public void pause() {
        machine.pause();
    }

    /**
     * Ends one level of pause. The call that ends the last level requests a partial sync, and brings forward
     * (still staggered by up to {@code serverUpInterval * f}) a full sync skipped while paused. Never blocks.
     * Any thread.
     *
     * @return {@code true} when this call ended the pause
     * @throws IllegalStateException when the syncer is not paused; nothing changes then
     */
    public boolean resume() {
        return machine.resume();
    }

    /**
     * Tells whether sync runs are paused.
     *
     * @return {@code true} while at least one {@link #pause()} is not matched by a {@link #resume()}
     */
    public boolean isPaused() {
        return machine.isPaused();
    }

    /**
     * Takes a snapshot of the syncer: state, pause depth, last syncs, counts, the next full sync due and the
     * sync in flight, if any. Cheap and lock-free; no sync holds it up. Any thread.
     *
     * @return an immutable, consistent snapshot
     */
    public SyncStatus status() {
        return machine.status();
    }

    /**
     * Returns the syncer's name, which names its thread, its meters and its endpoint path.
     *
     * @return the name
     */
    public String name() {
        return machine.settings().name();
    }

    /**
     * Returns the state this syncer keeps mirrored: the very instance given to {@link #builder(SyncState)}, so
     * that a caller can recognise a syncer by the state it wraps (compare by identity, {@code ==}). Any
     * thread.
     *
     * @return the synced state
     */
    public SyncState state() {
        return state;
    }

    /**
     * Returns the effective timing the builder fixed.
     *
     * @return the settings
     */
    public SyncSettings settings() {
        return machine.settings();
    }

    /**
     * States the timing the syncer applies now: the cluster size and scale factor read now (on the calling
     * thread), the windows of every kind of delay, and whether delays are spread at random or by this node's
     * {@linkplain Builder#fleetPosition(FleetPositionProvider) fleet position}. The syncer takes every delay
     * from the same policy. Never blocks. Any thread.
     *
     * @return the timing as it is now
     */
    public SyncTiming timing() {
        return machine.timing();
    }

    /**
     * Tells when no sync is running: the stage completes at once when the syncer is idle, else as soon as the
     * sync in flight (and the rest of its loop pass) has returned. After {@link #pause()}, no sync starts once
     * it has completed, so {@code pause()} then {@code whenIdle()} quiesces the syncer without stopping it.
     * Never blocks. Any thread but the syncer's own.
     *
     * @return a stage that completes when the syncer is idle
     * @throws IllegalStateException when called from inside a sync, which would wait for itself
     */
    public CompletionStage<Void> whenIdle() {
        return machine.whenIdle();
    }

    /**
     * Shuts the syncer down without waiting: no new sync starts; a sync in flight finishes. Idempotent; may
     * come before {@link #start()}. Any thread, also from inside a sync.
     *
     * @return a stage that completes once the syncer's thread has run its last task ({@link #close()} also
     *     waits out the thread's exit)
     */
    public CompletionStage<Void> shutdown() {
        return machine.shutdown();
    }

    /**
     * Shuts the syncer down and waits until its threads have ended, including a sync in flight. Idempotent; may
     * come before {@link #start()}; from any thread, and from the syncer's own thread (inside a sync, a listener,
     * or a stage completed there) it does not wait for itself. A sync that was about to start when the syncer
     * was closed does not start. If the waiting thread is
     * interrupted, the sync in flight is interrupted too (as {@code ExecutorService.close()} on Java 19+
     * does) and the wait goes on; the caller's interrupt status is restored.
     */
    @Override
    public void close() {
        machine.close();
    }

    /**
     * Shuts the syncer down and waits at most the timeout for a sync in flight; if it is still running then,
     * it is interrupted (and fails) and this method returns without waiting more. On the syncer's own thread it
     * does not wait, and returns {@code false}.
     *
     * @param timeout the longest wait
     * @return {@code true} when the syncer's threads ended within the timeout
     */
    public boolean close(Duration timeout) {
        return machine.close(Objects.requireNonNull(timeout, "timeout"));
    }

    @Override
    public String toString() {
        SyncStatus status = status();
        return "StateSyncer[" + status.name() + ", " + status.state() + (status.paused() ? ", paused" : "") + "]";
    }

    /**
     * Builds a {@link StateSyncer}. Every setter checks its value at once and names the parameter in its
     * message. The defaults are Consul's. Not thread-safe.
     */
    public static final class Builder {

        private static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);

        private final SyncState state;
        private String name = "default";
        private Duration interval = Duration.ofMinutes(1);
        private Duration serverUpInterval = Duration.ofSeconds(3);
        private Duration retryFailInterval = Duration.ofSeconds(15);
        private int scaleThreshold = ScaleFactor.DEFAULT_THRESHOLD;
        private IntSupplier clusterSize = () -> 1;
        private Stagger stagger = Stagger.uniform();
        private final List<SyncListener> listeners = new ArrayList<>();
        private @Nullable Duration syncTimeout;
        private Duration startupStagger = Duration.ZERO;
        private double retryBackoffMultiplier = 1.0;
        private @Nullable Duration retryBackoffMaxInterval;
        private @Nullable ThreadFactory threadFactory;
        private @Nullable FleetPositionProvider fleetPosition;
        private @Nullable SyncScheduler scheduler;

        private Builder(SyncState state) {
            this.state = Objects.requireNonNull(state, "state must not be null");
        }

        /**
         * Names the syncer; the name is part of its thread's name, its log lines, meters and endpoint path.
         * Default {@code "default"}.
         *
         * @param name a non-blank name
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the full-sync period: the next periodic full sync falls in {@code [interval, interval * (1 + f))}
         * after the last one ended. Default 1 minute.
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder interval(Duration interval) {
            this.interval = requirePositive(interval, "interval");
            return this;
        }

        /**
         * Sets the stagger base of a requested full sync: it runs after {@code [0, serverUpInterval * f)}.
         * Default 3 seconds.
         *
         * @param serverUpInterval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder serverUpInterval(Duration serverUpInterval) {
            this.serverUpInterval = requirePositive(serverUpInterval, "serverUpInterval");
            return this;
        }

        /**
         * Sets the retry delay after a failed (or paused) full sync: the retry falls in
         * {@code [retry, retry * (1 + f))}. Default 15 seconds.
         *
         * @param retryFailInterval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder retryFailInterval(Duration retryFailInterval) {
            this.retryFailInterval = requirePositive(retryFailInterval, "retryFailInterval");
            return this;
        }

        /**
         * Sets the cluster size up to which delays are not stretched. Default 128.
         *
         * @param scaleThreshold at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder scaleThreshold(int scaleThreshold) {
            if (scaleThreshold < 1) {
                throw new IllegalArgumentException("scaleThreshold must be at least 1, was " + scaleThreshold);
            }
            this.scaleThreshold = scaleThreshold;
            return this;
        }

        /**
         * Sets where the cluster size comes from; it is read afresh, on the syncer's thread, each time a delay
         * is computed, and by {@link StateSyncer#timing()} on its caller's thread, so it must be thread-safe. A
         * {@link ClusterSizeProvider} fits. Values below 1 count as 1; a supplier that throws is logged and its
         * last value kept. Default {@code () -> 1}.
         *
         * @param clusterSize the supplier
         * @return this builder
         */
        public Builder clusterSize(IntSupplier clusterSize) {
            this.clusterSize = Objects.requireNonNull(clusterSize, "clusterSize must not be null");
            return this;
        }

        /**
         * Sets the random draw of every delay. Default {@link Stagger#uniform()}.
         *
         * @param stagger the draw
         * @return this builder
         */
        public Builder stagger(Stagger stagger) {
            this.stagger = Objects.requireNonNull(stagger, "stagger must not be null");
            return this;
        }

        /**
         * Spreads this node's full syncs by its rank in its fleet instead of at random (from a membership list
         * that changes, take the rank from a {@link FleetRing}, which stays steady under churn): the periodic
         * full syncs fall on a grid of period {@code interval * (1 + f / 2)} at the phase {@code rank / size} of
         * it (on the scheduler's wall clock, which the fleet shares), the first full sync at this node's next slot
         * of that grid (when the start-up window holds a period; else at the grid's phase scaled into the window)
         * and a requested one at {@code rank / size} of its window. A full sync placed on the grid is placed again
         * {@code interval / 12} before it is due, with the position then, so the fleet's churn (ranks that
         * shifted) does not leave gaps and doubles for a whole period; that costs the syncer one more wake-up
         * per full sync. Every delay stays in its window ({@link SyncTiming}); a grid slot outside the periodic
         * window, an empty position or a provider that throws fall back to the random stagger; retries stay
         * random. The provider is read on the syncer's thread for each delay (and by
         * {@link StateSyncer#timing()}), so it must answer at once and be thread-safe. Default none: Consul's
         * random spread.
         *
         * @param fleetPosition the provider of this node's position
         * @return this builder
         */
        public Builder fleetPosition(FleetPositionProvider fleetPosition) {
            this.fleetPosition = Objects.requireNonNull(fleetPosition, "fleetPosition must not be null");
            return this;
        }

        /**
         * Adds a listener; listeners are called in the order added.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Bounds every sync: one still running after the timeout is interrupted and counts as failed (with a
         * {@link SyncTimeoutException}). A sync that ignores the interrupt holds the syncer until it returns,
         * shown in flight by {@link StateSyncer#status()}. Default none.
         *
         * @param syncTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder syncTimeout(Duration syncTimeout) {
            this.syncTimeout = requirePositive(syncTimeout, "syncTimeout");
            return this;
        }

        /**
         * Staggers the first full sync by {@code [0, startupStagger * f)}, so that a fleet restarted together
         * does not hit the remote at once. Default zero: the first full sync runs at start, as in Consul.
         *
         * @param startupStagger zero or a positive duration
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder startupStagger(Duration startupStagger) {
            Objects.requireNonNull(startupStagger, "startupStagger must not be null");
            if (startupStagger.isNegative()) {
                throw new IllegalArgumentException("startupStagger must not be negative, was " + startupStagger);
            }
            this.startupStagger = startupStagger;
            return this;
        }

        /**
         * Backs off retries of a full sync that keeps failing: after the n-th failure in a row the base delay is
         * {@code retryFailInterval * multiplier^(n-1)}, capped at {@code maxInterval}, and the scaled stagger
         * comes on top. Default multiplier 1 (Consul's fixed pace).
         *
         * @param multiplier at least 1
         * @param maxInterval the cap of the base delay, not below {@link #retryFailInterval(Duration)}
         * @return this builder
         * @throws IllegalArgumentException when the multiplier is below 1 (or not a number) or the cap is not
         *     positive; {@link #build()} checks the cap against the retry interval
         */
        public Builder retryBackoff(double multiplier, Duration maxInterval) {
            double checked = requireMultiplier(multiplier);
            this.retryBackoffMaxInterval = requirePositive(maxInterval, "retryBackoff maxInterval");
            this.retryBackoffMultiplier = checked;
            return this;
        }

        /**
         * Backs off retries as {@link #retryBackoff(double, Duration)} does, with the default cap: the longer of
         * 5 minutes and the retry interval.
         *
         * @param multiplier at least 1
         * @return this builder
         * @throws IllegalArgumentException when the multiplier is below 1 or not a number
         */
        public Builder retryBackoff(double multiplier) {
            this.retryBackoffMultiplier = requireMultiplier(multiplier);
            this.retryBackoffMaxInterval = null;
            return this;
        }

        /**
         * Sets the factory of the syncer's thread, for example virtual threads on Java 21+
         * ({@code Thread.ofVirtual().factory()}). The thread is renamed {@code antientropy-NAME}. Default:
         * daemon platform threads. Replaces a {@link #scheduler(SyncScheduler)} set before.
         *
         * @param threadFactory the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory must not be null");
            this.scheduler = null;
            return this;
        }

        /**
         * Runs the syncer on the given clock and thread instead of a thread of its own, typically a
         * {@code ManualSyncScheduler} (test kit, {@code antientropy-test}) for tests in virtual time. The syncer does not close it. Replaces a
         * {@link #threadFactory(ThreadFactory)} set before: the scheduler brings its own thread.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(SyncScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            this.threadFactory = null;
            return this;
        }

        /**
         * Builds the syncer; call {@link StateSyncer#start()} to run it.
         *
         * @return a new syncer
         * @throws IllegalArgumentException when the back-off cap is below the retry interval
         */
        public StateSyncer build() {
            Duration backoffMax = retryBackoffMaxInterval;
            if (backoffMax == null) {
                backoffMax = retryFailInterval.compareTo(DEFAULT_BACKOFF_MAX) > 0 ? retryFailInterval
                        : DEFAULT_BACKOFF_MAX;
            }
            else if (backoffMax.compareTo(retryFailInterval) < 0) {
                throw new IllegalArgumentException("retryBackoff maxInterval must not be below retryFailInterval ("
                        + retryFailInterval + "), was " + backoffMax);
            }
            SyncSettings settings = new SyncSettings(name, interval, serverUpInterval, retryFailInterval,
                    scaleThreshold, syncTimeout, startupStagger, retryBackoffMultiplier, backoffMax);
            return new StateSyncer(state, new SyncMachine(state, settings, stagger, clusterSize, fleetPosition,
                    List.copyOf(listeners),
                    scheduler, threadFactory));
        }

        private static double requireMultiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("retryBackoff multiplier must be at least 1, was " + multiplier);
            }
            return multiplier;
        }

        private static Duration requirePositive(Duration value, String parameter) {
            Objects.requireNonNull(value, parameter + " must not be null");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(parameter + " must be positive, was " + value);
            }
            return value;
        }
    }
}
