package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Settings of the state syncers, under {@code antientropy}. The shared values apply to every syncer;
 * {@code antientropy.syncers.NAME.*} overrides them for the syncer of the {@code SyncState} bean named NAME.
 *
 * <p>Every setter rejects an invalid value at once, so that Boot's bind-failure report names the full key,
 * the value and the rule, and start-up stops before any syncer runs. A rule that spans two properties (the
 * back-off cap against the retry interval) is checked when the syncers are made.
 */
@ConfigurationProperties("antientropy")
public class AntiEntropyProperties {

    /** Whether to run a state syncer for each SyncState bean. */
    private boolean enabled = true;

    /** Period of the self-healing full sync. */
    private Duration interval = Duration.ofMinutes(1);

    /** Maximum stagger of a requested full sync (a server joined, the remote restarted), before scaling. */
    private Duration serverUpInterval = Duration.ofSeconds(3);

    /** Delay before a failed full sync is retried, before scaling. */
    private Duration retryFailInterval = Duration.ofSeconds(15);

    /** Cluster size up to which delays are not stretched. */
    private int scaleThreshold = 128;

    /** Number of nodes in the cluster, used when no ClusterSizeProvider bean exists. */
    private int clusterSize = 1;

    /** Longest time a sync may run before it is interrupted and counted as failed; unset for no limit. */
    private @Nullable Duration syncTimeout;

    /** Maximum stagger of the first full sync, scaled like the others; zero runs it at start. */
    private Duration startupStagger = Duration.ofSeconds(0);

    private final RetryBackoff retryBackoff = new RetryBackoff();

    private final Health health = new Health();

    private final Lifecycle lifecycle = new Lifecycle();

    private final Cluster cluster = new Cluster();

    private final Remote remote = new Remote();

    /**
     * How a node places its periodic full syncs: at random in their window (Consul's stagger), or by its rank
     * among the instances of cluster.service-id, so that the fleet's full syncs fall evenly over the period.
     */
    private Spread spread = Spread.RANDOM;

    /** Per-syncer overrides, keyed by the name of the SyncState bean. */
    private final Map<String, Syncer> syncers = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = positive(interval, "interval");
    }

    public Duration getServerUpInterval() {
        return serverUpInterval;
    }

    public void setServerUpInterval(Duration serverUpInterval) {
        this.serverUpInterval = positive(serverUpInterval, "server-up-interval");
    }

    public Duration getRetryFailInterval() {
        return retryFailInterval;
    }

    public void setRetryFailInterval(Duration retryFailInterval) {
        this.retryFailInterval = positive(retryFailInterval, "retry-fail-interval");
    }

    public int getScaleThreshold() {
        return scaleThreshold;
    }

    public void setScaleThreshold(int scaleThreshold) {
        this.scaleThreshold = atLeastOne(scaleThreshold, "scale-threshold");
    }

    public int getClusterSize() {
        return clusterSize;
    }

    public void setClusterSize(int clusterSize) {
        this.clusterSize = atLeastOne(clusterSize, "cluster-size");
    }

    public @Nullable Duration getSyncTimeout() {
        return syncTimeout;
    }

    public void setSyncTimeout(@Nullable Duration syncTimeout) {
        this.syncTimeout = (syncTimeout != null) ? positive(syncTimeout, "sync-timeout") : null;
    }

    public Duration getStartupStagger() {
        return startupStagger;
    }

    public void setStartupStagger(Duration startupStagger) {
        this.startupStagger = notNegative(startupStagger, "startup-stagger");
    }

    public RetryBackoff getRetryBackoff() {
        return retryBackoff;
    }

    public Health getHealth() {
        return health;
    }

    public Lifecycle getLifecycle() {
        return lifecycle;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public Remote getRemote() {
        return remote;
    }

    public Spread getSpread() {
        return spread;
    }

    public void setSpread(Spread spread) {
        this.spread = spread;
    }

    public Map<String, Syncer> getSyncers() {
        return syncers;
    }

    /**
     * Returns the service id of the remote authority of one syncer: its own
     * {@code antientropy.syncers.NAME.remote.service-id}, else the shared one.
     *
     * @param syncer the syncer's name
     * @return the service id, or {@code null} when neither is set
     */
    public @Nullable String remoteServiceId(String syncer) {
        Syncer overrides = syncers.get(syncer);
        String own = (overrides != null) ? overrides.getRemote().getServiceId() : null;
        return (own != null) ? own : remote.getServiceId();
    }

    /**
     * Returns the health threshold in force for one syncer: its own
     * {@code antientropy.syncers.NAME.health.max-consecutive-failures}, else the shared one.
     *
     * @param syncer the syncer's name
     * @return the number of consecutive failed full syncs that makes the syncer unhealthy; 0 for never
     */
    public int maxConsecutiveFailures(String syncer) {
        Syncer overrides = syncers.get(syncer);
        Integer own = (overrides != null) ? overrides.getHealth().getMaxConsecutiveFailures() : null;
        return (own != null) ? own : health.getMaxConsecutiveFailures();
    }

    static Duration positive(@Nullable Duration value, String property) {
        Assert.isTrue(value != null && value.compareTo(Duration.ZERO) > 0, () -> "'" + property + "' must be positive");
        return value;
    }

    static Duration notNegative(@Nullable Duration value, String property) {
        Assert.isTrue(value != null && !value.isNegative(), () -> "'" + property + "' must not be negative");
        return value;
    }

    static int atLeastOne(int value, String property) {
        Assert.isTrue(value >= 1, () -> "'" + property + "' must be at least 1");
        return value;
    }

    static double multiplier(double value, String property) {
        Assert.isTrue(value >= 1.0 && !Double.isInfinite(value),
                () -> "'" + property + "' must be at least 1 (1 keeps a fixed retry pace)");
        return value;
    }

    static int notNegative(int value, String property) {
        Assert.isTrue(value >= 0, () -> "'" + property + "' must not be negative (0 turns the check off)");
        return value;
    }

    /** How a node places its periodic full syncs in their window. */
    public enum Spread {

        /** Uniformly at random, as Consul does. */
        RANDOM,

        /**
         * By the node's rank on a ring of the instances of the cluster's service (FleetRing: ordered by a hash of
         * their instance ids, steady under churn); random when not listed.
         */
        RANK
    }

    /** The fleet this node belongs to, as Spring Cloud's DiscoveryClient lists it. */
    public static class Cluster {

        /**
         * Service whose instances make up the cluster: their number becomes the cluster size, and with
         * spread=rank the node's place among their instance ids (FleetRing) places its full syncs.
         */
        private @Nullable String serviceId;

        /** How often the cluster's and the remote's instances are read from discovery, besides on heartbeats. */
        private Duration refreshInterval = Duration.ofSeconds(30);

        /**
         * Instance id of this node among the instances of service-id, used when no Spring Cloud Registration
         * bean names it; when unset too, the host name (matched against each instance's host).
         */
        private @Nullable String instanceId;

        public @Nullable String getServiceId() {
            return serviceId;
        }

        public void setServiceId(@Nullable String serviceId) {
            this.serviceId = serviceId;
        }

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = positive(refreshInterval, "cluster.refresh-interval");
        }

        public @Nullable String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(@Nullable String instanceId) {
            this.instanceId = instanceId;
        }
    }

    /** The remote authority that the syncers keep in step, as Spring Cloud's DiscoveryClient lists it. */
    public static class Remote {

        /**
         * Service of the remote authority: an instance of it that appears in discovery requests a staggered full
         * sync of every syncer that uses it.
         */
        private @Nullable String serviceId;

        public @Nullable String getServiceId() {
            return serviceId;
        }

        public void setServiceId(@Nullable String serviceId) {
            this.serviceId = serviceId;
        }
    }

    /** Back-off of the retries of a full sync that keeps failing. */
    public static class RetryBackoff {

        /** Factor applied to the retry delay after each further failed full sync; 1 keeps Consul's fixed pace. */
        private double multiplier = 1.0;

        /**
         * Cap of the backed-off retry delay, before its stagger; when unset, the longer of 5 minutes and
         * retry-fail-interval.
         */
        private @Nullable Duration maxInterval;

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier(multiplier, "retry-backoff.multiplier");
        }

        public @Nullable Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(@Nullable Duration maxInterval) {
            this.maxInterval = (maxInterval != null) ? positive(maxInterval, "retry-backoff.max-interval") : null;
        }
    }

    /** Health rules of the syncers. */
    public static class Health {

        /** Number of consecutive failed full syncs that makes a syncer unhealthy; 0 never does. */
        private int maxConsecutiveFailures = 0;

        public int getMaxConsecutiveFailures() {
            return maxConsecutiveFailures;
        }

        public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
            this.maxConsecutiveFailures = notNegative(maxConsecutiveFailures, "health.max-consecutive-failures");
        }
    }

    /** How the application context starts and stops the syncers. */
    public static class Lifecycle {

        /**
         * SmartLifecycle phase in which the syncers start (after lower phases) and stop (before them); the
         * default starts them last and stops them first.
         */
        private int phase = SmartLifecycle.DEFAULT_PHASE;

        public int getPhase() {
            return phase;
        }

        public void setPhase(int phase) {
            this.phase = phase;
        }
    }

    /**
     * Overrides for one syncer, under {@code antientropy.syncers.NAME}. An unset value takes the shared one;
     * {@code enabled=false} makes no syncer for that {@code SyncState} bean.
     */
    public static class Syncer {

        /** Whether to run this syncer. */
        private boolean enabled = true;

        /** Period of the self-healing full sync. */
        private @Nullable Duration interval;

        /** Maximum stagger of a requested full sync, before scaling. */
        private @Nullable Duration serverUpInterval;

        /** Delay before a failed full sync is retried, before scaling. */
        private @Nullable Duration retryFailInterval;

        /** Cluster size up to which delays are not stretched. */
        private @Nullable Integer scaleThreshold;

        /** Longest time a sync may run before it is interrupted and counted as failed. */
        private @Nullable Duration syncTimeout;

        /** Maximum stagger of the first full sync, scaled like the others; zero runs it at start. */
        private @Nullable Duration startupStagger;

        private final SyncerRetryBackoff retryBackoff = new SyncerRetryBackoff();

        private final SyncerHealth health = new SyncerHealth();

        private final Remote remote = new Remote();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable Duration getInterval() {
            return interval;
        }

        public void setInterval(@Nullable Duration interval) {
            this.interval = (interval != null) ? positive(interval, "interval") : null;
        }

        public @Nullable Duration getServerUpInterval() {
            return serverUpInterval;
        }

        public void setServerUpInterval(@Nullable Duration serverUpInterval) {
            this.serverUpInterval = (serverUpInterval != null) ? positive(serverUpInterval, "server-up-interval")
                    : null;
        }

        public @Nullable Duration getRetryFailInterval() {
            return retryFailInterval;
        }

        public void setRetryFailInterval(@Nullable Duration retryFailInterval) {
            this.retryFailInterval = (retryFailInterval != null)
                    ? positive(retryFailInterval, "retry-fail-interval") : null;
        }

        public @Nullable Integer getScaleThreshold() {
            return scaleThreshold;
        }

        public void setScaleThreshold(@Nullable Integer scaleThreshold) {
            this.scaleThreshold = (scaleThreshold != null) ? atLeastOne(scaleThreshold, "scale-threshold") : null;
        }

        public @Nullable Duration getSyncTimeout() {
            return syncTimeout;
        }

        public void setSyncTimeout(@Nullable Duration syncTimeout) {
            this.syncTimeout = (syncTimeout != null) ? positive(syncTimeout, "sync-timeout") : null;
        }

        public @Nullable Duration getStartupStagger() {
            return startupStagger;
        }

        public void setStartupStagger(@Nullable Duration startupStagger) {
            this.startupStagger = (startupStagger != null) ? notNegative(startupStagger, "startup-stagger") : null;
        }

        public SyncerRetryBackoff getRetryBackoff() {
            return retryBackoff;
        }

        public SyncerHealth getHealth() {
            return health;
        }

        public Remote getRemote() {
            return remote;
        }
    }

    /** Back-off overrides of one syncer; an unset value takes the shared one. */
    public static class SyncerRetryBackoff {

        /** Factor applied to the retry delay after each further failed full sync. */
        private @Nullable Double multiplier;

        /** Cap of the backed-off retry delay, before its stagger. */
        private @Nullable Duration maxInterval;

        public @Nullable Double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(@Nullable Double multiplier) {
            this.multiplier = (multiplier != null) ? multiplier(multiplier, "retry-backoff.multiplier") : null;
        }

        public @Nullable Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(@Nullable Duration maxInterval) {
            this.maxInterval = (maxInterval != null) ? positive(maxInterval, "retry-backoff.max-interval") : null;
        }
    }

    /** Health overrides of one syncer; an unset value takes the shared one. */
    public static class SyncerHealth {

        /** Number of consecutive failed full syncs that makes this syncer unhealthy; 0 never does. */
        private @Nullable Integer maxConsecutiveFailures;

        public @Nullable Integer getMaxConsecutiveFailures() {
            return maxConsecutiveFailures;
        }

        public void setMaxConsecutiveFailures(@Nullable Integer maxConsecutiveFailures) {
            this.maxConsecutiveFailures = (maxConsecutiveFailures != null)
                    ? notNegative(maxConsecutiveFailures, "health.max-consecutive-failures") : null;
        }
    }
}
