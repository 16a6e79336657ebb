package dev.antientropy.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import dev.antientropy.Cancellable;
import dev.antientropy.FleetPosition;
import dev.antientropy.FleetRing;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncScheduler;

/**
 * What Spring Cloud discovery says about this node's fleet: the number of instances of the cluster's service
 * (the cluster size), this node's position among them (for rank spread, {@link FleetRing}), and new instances of
 * each remote's service ("server up": a staggered full sync of every syncer that uses that remote).
 *
 * <p><b>Threads.</b> Every call into discovery runs on one thread, the scheduler's: its own daemon thread
 * {@code antientropy-discovery}, or a {@link SyncScheduler} bean of the context (a test's virtual clock). A look
 * happens when the bean starts, then every refresh interval, and soon after each {@link HeartbeatEvent}; any
 * number of heartbeats before the look starts make one look. That thread alone writes what the syncers read,
 * {@link #clusterSize()} and {@link #position()} (volatile fields, so a syncer reads them at once and never
 * waits for discovery), and it alone owns the instances seen per remote service and the failure logs. While
 * discovery fails, what the last answer said stays: at first {@code antientropy.cluster-size} and no position.
 *
 * <p><b>This node's instance id</b>, for its position: the Spring Cloud {@code Registration}'s instance id when
 * the application registers itself, else {@code antientropy.cluster.instance-id}, else the host name, which matches an
 * instance whose host is that name. Instances are keyed by instance id ({@code host:port} when an instance has
 * none) and placed on a {@link FleetRing} by their keys, so every node that sees the same list computes the same
 * positions, and a node whose list is a few joins or leaves older or newer computes nearly the same; exactly one
 * instance must match this node, else it has no position.
 *
 * <p>Started and stopped with the application context (a {@link SmartLifecycle} one phase before the syncers, so
 * it starts before them and stops after them); on its own thread, {@link #start()} waits for the first look
 * (bounded), so the syncers' first delays already use what discovery says. Thread-safe.
 */
public final class FleetMembership implements SmartLifecycle, ApplicationListener<HeartbeatEvent> {

    private static final Logger log = LoggerFactory.getLogger(FleetMembership.class);

    private final DiscoveryClient discovery;
    private final Settings settings;
    private final Supplier<@Nullable String> registeredInstanceId;
    private final Supplier<? extends Collection<StateSyncer>> syncerSource;
    private final @Nullable SyncScheduler givenScheduler;
    private final int phase;

    private final Object lifecycleLock = new Object();
    private @Nullable SyncScheduler scheduler; // lifecycleLock; set by start(), cleared by stop()
    private @Nullable Cancellable nextLook; // lifecycleLock
    private volatile boolean running; // lifecycleLock writes, any thread reads

    private final AtomicBoolean lookQueued = new AtomicBoolean(); // any thread sets, the look clears it

    private volatile int clusterSize; // discovery thread writes, syncer threads read
    private volatile @Nullable FleetPosition position; // discovery thread writes, syncer threads read

    private List<StateSyncer> syncers = List.of(); // lifecycleLock writes before the first look; discovery thread reads
    private final Map<String, Set<String>> seenRemoteInstances = new HashMap<>(); // discovery thread only
    private final Map<String, LookFailures> failures = new HashMap<>(); // discovery thread only
    private @Nullable String hostName; // discovery thread only: looked up once
    private @Nullable String lastNotListed; // discovery thread only: "not in the list" logged once per id

    /**
     * Creates the membership; nothing runs before {@link #start()}.
     *
     * @param discovery where to look
     * @param settings what to look for
     * @param registeredInstanceId the instance id under which this application registers itself (Spring Cloud's
     *        {@code Registration}), or {@code null}; read on the discovery thread at each look
     * @param syncers the syncers that a new remote instance concerns; read once, at {@link #start()}
     * @param scheduler the clock and thread to look on, or {@code null} for a thread of its own
     * @param phase the {@link SmartLifecycle} phase
     */
    public FleetMembership(DiscoveryClient discovery, Settings settings, Supplier<@Nullable String> registeredInstanceId,
            Supplier<? extends Collection<StateSyncer>> syncers, @Nullable SyncScheduler scheduler, int phase) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registeredInstanceId = Objects.requireNonNull(registeredInstanceId, "registeredInstanceId");
        this.syncerSource = Objects.requireNonNull(syncers, "syncers");
        this.givenScheduler = scheduler;
        this.phase = phase;
        this.clusterSize = Math.max(1, settings.initialClusterSize());
    }

    /**
     * Returns the number of instances that discovery listed for the cluster's service at the last answer, at
     * least 1; before the first answer, the initial cluster size. Never blocks; any thread.
     *
     * @return the cluster size
     */
    public int clusterSize() {
        return clusterSize;
    }

    /**
     * Returns this node's position among the cluster's instances at the last answer ({@link FleetRing}). Never
     * blocks; any thread.
     *
     * @return the position, or empty before the first answer, without a cluster service, or when this node is
     *         not in the list
     */
    public Optional<FleetPosition> position() {
        return Optional.ofNullable(position);
    }

    /**
     * Asks for a look at discovery soon, on the discovery thread. Never blocks; coalesces with a look already
     * asked for; ignored while stopped. Any thread.
     */
    public void requestLook() {
        synchronized (lifecycleLock) {
            if (running && scheduler != null && lookQueued.compareAndSet(false, true)) {
                scheduler.execute(this::look);
            }
        }
    }

    /** Spring Cloud's heartbeat (the discovery client saw a change): asks for a look. */
    @Override
    public void onApplicationEvent(HeartbeatEvent event) {
        requestLook();
    }

    /**
     * Starts looking at discovery. With its own thread, waits for the first look to end, at most
     * {@link #firstLookWait()}, so that the syncers, which start after this bean, place their first full sync with
     * the cluster size and position discovery gives rather than the initial ones; a virtual clock is not waited
     * for.
     */
    @Override
    public void start() {
        CountDownLatch firstLook = new CountDownLatch(1);
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            syncers = List.copyOf(syncerSource.get());
            if (settings.clusterServiceId() == null
                    && syncers.stream().allMatch((syncer) -> settings.remoteServiceIds().apply(syncer.name()) == null)) {
                log.debug("no cluster or remote service id set: not looking at discovery");
                return;
            }
            scheduler = (givenScheduler != null) ? givenScheduler : new DiscoveryThread();
            running = true;
            lookQueued.set(true);
            scheduler.execute(() -> {
                try {
                    look();
                }
                finally {
                    firstLook.countDown();
                }
                rearm();
            });
            if (scheduler == givenScheduler) {
                return;
            }
        }
        awaitFirstLook(firstLook);
    }

    /**
     * How long {@link #start()} waits for the first look: the refresh interval, at most 10 s.
     *
     * @return the bound
     */
    public Duration firstLookWait() {
        Duration max = Duration.ofSeconds(10);
        return (settings.refreshInterval().compareTo(max) < 0) ? settings.refreshInterval() : max;
    }

    private void awaitFirstLook(CountDownLatch firstLook) {
        try {
            if (!firstLook.await(firstLookWait().toNanos(), TimeUnit.NANOSECONDS)) {
                log.info("discovery did not answer within {}: the syncers start with cluster size {} and place their "
                        + "first full sync at random; later looks correct both", firstLookWait(), clusterSize);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            running = false;
            if (nextLook != null) {
                nextLook.cancel();
                nextLook = null;
            }
            if (scheduler != null && scheduler != givenScheduler) {
                scheduler.close();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    private void lookAndRearm() {
        look();
        rearm();
    }

    private void rearm() {
        synchronized (lifecycleLock) {
            if (running && scheduler != null) {
                nextLook = scheduler.schedule(this::lookAndRearm, settings.refreshInterval());
            }
        }
    }

    /** One look at discovery: the cluster, then each remote. Discovery thread only. */
    private void look() {
        lookQueued.set(false); // a heartbeat from now on asks for another look
        if (!running) {
            return;
        }
        String cluster = settings.clusterServiceId();
        if (cluster != null) {
            lookAtCluster(cluster);
        }
        lookAtRemotes();
    }

    private void lookAtCluster(String serviceId) {
        List<ServiceInstance> instances = instancesOf(serviceId, "cluster");
        if (instances == null) {
            return;
        }
        int size = Math.max(1, instances.size());
        if (size != clusterSize) {
            log.debug("cluster service '{}': {} instance(s), cluster size {} -> {}", serviceId, instances.size(),
                    clusterSize, size);
        }
        clusterSize = size;
        position = positionAmong(serviceId, instances);
    }

    private @Nullable FleetPosition positionAmong(String serviceId, List<ServiceInstance> instances) {
        if (instances.isEmpty()) {
            return null;
        }
        String registered = registeredInstanceId.get();
        String own = (registered != null) ? registered : settings.instanceId();
        boolean byHost = false;
        if (own == null) {
            own = hostName();
            byHost = true;
        }
        List<String> keys = new ArrayList<>(instances.size());
        List<String> mine = new ArrayList<>(1);
        for (ServiceInstance instance : instances) {
            String key = key(instance);
            keys.add(key);
            if (own != null && (own.equals(key) || (byHost && own.equals(instance.getHost())))) {
                mine.add(key);
            }
        }
        if (mine.size() != 1) {
            if (!Objects.equals(own, lastNotListed)) {
                log.info("cluster service '{}': this node ({} '{}') is {} of its {} instances: full syncs spread at "
                        + "random", serviceId, byHost ? "host" : "instance id", own,
                        mine.isEmpty() ? "none" : "more than one", instances.size());
                lastNotListed = own;
            }
            return null;
        }
        lastNotListed = null;
        return FleetRing.of(keys).positionOf(mine.get(0)).orElse(null);
    }

    private void lookAtRemotes() {
        Map<String, List<StateSyncer>> byService = new TreeMap<>();
        for (StateSyncer syncer : syncers) {
            String serviceId = settings.remoteServiceIds().apply(syncer.name());
            if (serviceId != null) {
                byService.computeIfAbsent(serviceId, (id) -> new ArrayList<>()).add(syncer);
            }
        }
        byService.forEach((serviceId, concerned) -> {
            List<ServiceInstance> instances = instancesOf(serviceId, "remote");
            if (instances == null) {
                return;
            }
            Set<String> now = new TreeSet<>();
            instances.forEach((instance) -> now.add(key(instance)));
            Set<String> before = seenRemoteInstances.put(serviceId, now);
            if (before == null) {
                return; // the first look only records
            }
            List<String> appeared = now.stream().filter((id) -> !before.contains(id)).toList();
            if (!appeared.isEmpty()) {
                log.info("remote service '{}': new instance(s) {}: requesting a full sync of {}", serviceId, appeared,
                        concerned.stream().map(StateSyncer::name).toList());
                concerned.forEach(StateSyncer::triggerSyncFull);
            }
        });
    }

    private @Nullable List<ServiceInstance> instancesOf(String serviceId, String role) {
        LookFailures failureLog = failures.computeIfAbsent(serviceId,
                (id) -> new LookFailures(log, "looking up " + role + " service '" + id + "'"));
        try {
            List<ServiceInstance> instances = discovery.getInstances(serviceId);
            failureLog.succeeded();
            return (instances != null) ? instances : List.of();
        }
        catch (RuntimeException ex) {
            SyncScheduler clock = scheduler;
            failureLog.failed(ex, (clock != null) ? clock.now() : Instant.now());
            return null;
        }
    }

    private @Nullable String hostName() {
        if (hostName == null) {
            try {
                hostName = InetAddress.getLocalHost().getHostName();
            }
            catch (UnknownHostException ex) {
                log.debug("no host name", ex);
            }
        }
        return hostName;
    }

    private static String key(ServiceInstance instance) {
        String id = instance.getInstanceId();
        return (id != null) ? id : instance.getHost() + ":" + instance.getPort();
    }

    /**
     * What to look for.
     *
     * @param clusterServiceId the service whose instances make up the cluster, or {@code null}
     * @param refreshInterval the time between two looks, positive
     * @param initialClusterSize the cluster size before the first answer, at least 1
     * @param instanceId this node's instance id when no {@code Registration} gives it, or {@code null} for the
     *        host name
     * @param remoteServiceIds the service of the remote authority of the syncer of the given name, or
     *        {@code null} for none
     */
    public record Settings(@Nullable String clusterServiceId, Duration refreshInterval, int initialClusterSize,
            @Nullable String instanceId, Function<String, @Nullable String> remoteServiceIds) {

        /**
         * Checks the parts.
         *
         * @throws IllegalArgumentException when the refresh interval is not positive or the size below 1
         */
        public Settings {
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            Objects.requireNonNull(remoteServiceIds, "remoteServiceIds");
            if (refreshInterval.isNegative() || refreshInterval.isZero()) {
                throw new IllegalArgumentException("refreshInterval must be positive, was " + refreshInterval);
            }
            if (initialClusterSize < 1) {
                throw new IllegalArgumentException("initialClusterSize must be at least 1, was " + initialClusterSize);
            }
        }
    }
}
