package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.SyncerState;

/**
 * The state syncers of the application context, by name, and their lifecycle. It holds every
 * {@link StateSyncer} bean of the context: the starter's, one per enabled {@code SyncState} bean, and the
 * application's own, each once (a starter bean that stands for the application's syncer of the same state is
 * that very instance). Actuator's endpoint, health and metrics are built on it.
 *
 * <p>It looks the syncer beans up when first asked, once every singleton exists (or when a bean being made asks
 * for them), not when it is made: no syncer depends on it, and it depends on no syncer, so the wiring has no
 * cycle, also under AOT. It checks then what only the made beans can tell: two syncers of one name, an
 * application syncer named {@code NAMEStateSyncer} but built with another name.
 *
 * <p>The context drives it as a {@link SmartLifecycle}: {@link #start()} starts every syncer (or resumes the
 * ones a {@link #stop(Runnable) stop} paused); {@code stop} pauses them and reports back once no sync is in
 * flight, without blocking the thread that stops the context; {@link #destroy()} closes them, waiting at most
 * the shutdown timeout ({@code spring.lifecycle.timeout-per-shutdown-phase}) for a sync still running, then
 * interrupting it and waiting once more at most as long for it to return. A syncer that was already started
 * elsewhere is left running as it is. While the syncers run, a non-daemon thread named
 * {@value KeepAlive#THREAD_NAME} keeps the JVM up: the syncers' own threads are daemons (the core's choice, for
 * plain Java users), and an application without a web server whose job is its syncers must not exit.
 *
 * <p>The accessors are thread-safe and, once the syncers are looked up, never block; the lifecycle methods are
 * called by the context.
 */
public final class StateSyncers implements SmartLifecycle, SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StateSyncers.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final Duration shutdownTimeout;
    private final int phase;

    /** Held while looking the syncers up, once; then {@link #syncers} is set for good. */
    private final ReentrantLock lookupLock = new ReentrantLock();
    private volatile @Nullable SortedMap<String, StateSyncer> syncers; // set once under lookupLock, read by any thread

    /** Held by the lifecycle methods; owns the fields below. */
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private final Set<String> pausedHere = new HashSet<>(); // lifecycleLock: paused by stop, resumed by start
    private final KeepAlive keepAlive = new KeepAlive(); // lifecycleLock
    private boolean destroyed; // lifecycleLock
    private volatile boolean running; // written under lifecycleLock, read by any thread

    StateSyncers(ConfigurableListableBeanFactory beanFactory, Duration shutdownTimeout, int phase) {
        this.beanFactory = beanFactory;
        this.shutdownTimeout = shutdownTimeout;
        this.phase = phase;
    }

    /**
     * Looks the syncer beans up, once every singleton exists, so that a misconfiguration stops start-up before
     * any syncer starts.
     */
    @Override
    public void afterSingletonsInstantiated() {
        syncers();
    }

    /**
     * Returns every syncer, by name.
     *
     * @return an unmodifiable map ordered by name
     */
    public Map<String, StateSyncer> asMap() {
        return syncers();
    }

    /**
     * Returns one syncer.
     *
     * @param name the syncer's name (the name of its {@code SyncState} bean)
     * @return the syncer, or {@code null} when there is none of that name
     */
    public @Nullable StateSyncer get(String name) {
        return syncers().get(name);
    }

    /**
     * Returns the names of the syncers.
     *
     * @return an unmodifiable set ordered by name
     */
    public Set<String> names() {
        return syncers().keySet();
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
            for (StateSyncer syncer : syncers().values()) {
                if (pausedHere.remove(syncer.name())) {
                    resume(syncer);
                }
                if (syncer.status().state() == SyncerState.NEW) {
                    start(syncer);
                }
            }
            if (!syncers().isEmpty()) {
                keepAlive.start();
            }
            running = true;
        }
        finally {
            lifecycleLock.unlock();
        }
        log.debug("Started state syncers {}", syncers().keySet());
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
            log.warn("State syncers still syncing {} after they were paused; stop goes on",
                    DurationFormat.format(shutdownTimeout));
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
            keepAlive.stop();
        }
        finally {
            lifecycleLock.unlock();
        }
        SortedMap<String, StateSyncer> syncers = this.syncers;
        if (syncers == null) {
            return; // never looked up: the context failed before; the container closes what it made
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
                        syncer.name(), DurationFormat.format(shutdownTimeout.multipliedBy(2)));
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
        SortedMap<String, StateSyncer> syncers = this.syncers;
        return "StateSyncers" + ((syncers != null) ? syncers.values() : "[not looked up yet]");
    }

    private CompletableFuture<Void> pauseAll() {
        List<CompletableFuture<Void>> idle = new ArrayList<>();
        lifecycleLock.lock();
        try {
            running = false;
            keepAlive.stop();
            for (StateSyncer syncer : syncers().values()) {
                if (syncer.status().state() != SyncerState.DONE && pausedHere.add(syncer.name())) {
                    syncer.pause();
                }
                idle.add(whenIdle(syncer));
            }
        }
        finally {
            lifecycleLock.unlock();
        }
        log.debug("Paused state syncers {}", syncers().keySet());
        return CompletableFuture.allOf(idle.toArray(CompletableFuture[]::new));
    }

    private SortedMap<String, StateSyncer> syncers() {
        SortedMap<String, StateSyncer> found = syncers;
        if (found != null) {
            return found;
        }
        lookupLock.lock();
        try {
            found = syncers;
            if (found == null) {
                found = Collections.unmodifiableSortedMap(lookUp());
                syncers = found;
                log.debug("State syncers {}", found.keySet());
            }
            return found;
        }
        finally {
            lookupLock.unlock();
        }
    }

    private SortedMap<String, StateSyncer> lookUp() {
        Map<String, StateSyncer> starters = new TreeMap<>(); // bean name -> syncer
        Map<String, StateSyncer> theirs = new TreeMap<>();
        for (String beanName : beanFactory.getBeanNamesForType(StateSyncer.class, true, false)) {
            StateSyncer syncer = beanFactory.getBean(beanName, StateSyncer.class);
            // Destroyed before the syncer: the bounded close here comes before the container's own close().
            beanFactory.registerDependentBean(beanName, StateSyncerRegistrar.REGISTRY_BEAN_NAME);
            (StateSyncerFactory.isStarterSyncer(beanFactory, beanName) ? starters : theirs).put(beanName, syncer);
        }
        Set<StateSyncer> applicationSyncers = Collections.newSetFromMap(new IdentityHashMap<>());
        applicationSyncers.addAll(theirs.values());
        List<String> problems = new ArrayList<>();
        SortedMap<String, StateSyncer> byName = new TreeMap<>();
        Map<String, String> beanNames = new HashMap<>(); // syncer name -> bean name, to report clashes
        starters.forEach((beanName, syncer) -> {
            if (applicationSyncers.contains(syncer)) {
                return; // stands for the application's own syncer of that state: listed under its bean below
            }
            StateSyncer own = applicationSyncerOf(syncer, theirs.values());
            if (own != null) {
                log.info("syncer '{}': not started, the application's StateSyncer '{}' syncs the same state",
                        syncer.name(), own.name());
                return;
            }
            byName.put(syncer.name(), syncer);
            beanNames.put(syncer.name(), beanName);
        });
        theirs.forEach((beanName, syncer) -> {
            String replaced = replacedState(beanName);
            if (replaced != null && !replaced.equals(syncer.name())) {
                problems.add("StateSyncer bean '" + beanName + "' replaces the syncer of SyncState bean '" + replaced
                        + "' but is named '" + syncer.name() + "': build it with .name(\"" + replaced + "\")");
                return;
            }
            String clash = beanNames.putIfAbsent(syncer.name(), beanName);
            if (clash != null) {
                problems.add("StateSyncer beans '" + clash + "' and '" + beanName + "' are both named '"
                        + syncer.name() + "'; to replace the syncer of SyncState bean '" + syncer.name()
                        + "', name yours '" + StateSyncerRegistrar.beanName(syncer.name()) + "'");
                return;
            }
            byName.put(syncer.name(), syncer);
        });
        if (!problems.isEmpty()) {
            throw new InvalidSyncersException(problems);
        }
        warnAboutAncestorStates();
        return byName;
    }

    /**
     * The starter's factory returns the application's syncer of a state when it can see it; when that syncer
     * was itself waiting for the starter's one to be made, it could not, and the two are told apart here.
     */
    private @Nullable StateSyncer applicationSyncerOf(StateSyncer starterSyncer, Collection<StateSyncer> theirs) {
        if (theirs.isEmpty() || !(starterSyncer.state() instanceof SyncStateReference reference)
                || !beanFactory.containsSingleton(reference.name())) {
            return null;
        }
        Object state = beanFactory.getSingleton(reference.name());
        for (StateSyncer syncer : theirs) {
            if (syncer.state() == state) {
                return syncer;
            }
        }
        return null;
    }

    private @Nullable String replacedState(String beanName) {
        for (String state : StateSyncerRegistrar.syncStateBeanNames(beanFactory)) {
            if (StateSyncerRegistrar.beanName(state).equals(beanName)) {
                return state;
            }
        }
        return null;
    }

    /**
     * A context syncs the {@code SyncState} beans it defines, not those of its ancestors: each context that
     * ran the starter would otherwise sync them once more. Says so when an ancestor's states would go unsynced.
     */
    private void warnAboutAncestorStates() {
        if (!(beanFactory.getParentBeanFactory() instanceof ListableBeanFactory parent)) {
            return;
        }
        Set<String> inherited = new TreeSet<>(List.of(BeanFactoryUtils.beanNamesForTypeIncludingAncestors(parent,
                SyncState.class, true, false)));
        inherited.removeAll(StateSyncerRegistrar.syncStateBeanNames(beanFactory));
        if (inherited.isEmpty()) {
            return;
        }
        if (BeanFactoryUtils.beanNamesForTypeIncludingAncestors(parent, StateSyncers.class, true, false).length > 0) {
            log.debug("SyncState beans {} of an ancestor context are synced by that context", inherited);
            return;
        }
        log.warn("SyncState beans {} are defined in an ancestor context, where the antientropy auto-configuration "
                + "did not run, so nothing syncs them: a context syncs only the SyncState beans it defines itself, "
                + "so that each state has one syncer. Enable the auto-configuration in the context that defines "
                + "them, or define them in this one", inherited);
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

    /**
     * A non-daemon thread that does nothing but keep the JVM up while the syncers run, as Spring Boot's
     * {@code spring.main.keep-alive} does for virtual threads. Guarded by the owner's lifecycle lock.
     */
    static final class KeepAlive {

        /** Name of the keep-alive thread. */
        static final String THREAD_NAME = "antientropy-keep-alive";

        private @Nullable Thread thread; // owner's lifecycleLock
        private @Nullable CountDownLatch release; // owner's lifecycleLock

        void start() {
            if (thread != null) {
                return;
            }
            CountDownLatch latch = new CountDownLatch(1);
            Thread keeper = new Thread(() -> awaitUninterruptibly(latch), THREAD_NAME);
            keeper.setDaemon(false);
            keeper.start();
            release = latch;
            thread = keeper;
        }

        void stop() {
            CountDownLatch latch = release;
            if (latch != null) {
                latch.countDown();
            }
            release = null;
            thread = null;
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            while (true) {
                try {
                    latch.await();
                    return;
                }
                catch (InterruptedException ex) {
                    // Only stop() ends the keep-alive.
                }
            }
        }
    }
}
