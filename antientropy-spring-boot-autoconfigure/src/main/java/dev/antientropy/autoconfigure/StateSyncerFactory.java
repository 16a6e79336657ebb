package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncScheduler;
import dev.antientropy.SyncState;

/**
 * Makes the starter's syncers: the one place that calls {@link StateSyncer#builder(SyncState)}. Each syncer bean
 * that {@link StateSyncerRegistrar} registers ({@code NAMEStateSyncer}) is made by {@link #create(String)}, from
 * the properties (per-syncer overrides first, then the shared values), the cluster size, a {@link SyncScheduler}
 * and a {@link Stagger} bean if there is one, every {@link SyncListener} bean and, last, the
 * {@link StateSyncerBuilderCustomizer} beans in order.
 *
 * <p>A syncer refers to its {@code SyncState} bean by name and looks it up when it first syncs, so the state may
 * inject its own syncer ({@code @Qualifier("NAME") StateSyncer}), and a {@code @Lazy} state is made when it is
 * first synced, not at start-up. When the application has a {@code StateSyncer} bean of its own around the same
 * {@code SyncState} instance, {@code create} returns that one: one state never has two syncers, and
 * {@code @Qualifier("NAME")} injects the syncer that really runs.
 *
 * <p>Checks what binding could not when the context makes it: names under {@code antientropy.syncers} and the
 * back-off cap against the retry interval. Used on the threads that make beans; holds no mutable state.
 */
final class StateSyncerFactory {

    /** Name of this factory's bean, the factory bean of the syncer beans. */
    static final String BEAN_NAME = "antiEntropyStateSyncerFactory";

    private static final Logger log = LoggerFactory.getLogger(StateSyncerFactory.class);

    private static final String PREFIX = "antientropy.";

    private final ConfigurableListableBeanFactory beanFactory;
    private final AntiEntropyProperties properties;
    private final IntSupplier clusterSize;
    private final ObjectProvider<SyncScheduler> scheduler;
    private final ObjectProvider<Stagger> stagger;
    private final ObjectProvider<SyncListener> listeners;
    private final ObjectProvider<StateSyncerBuilderCustomizer> customizers;

    StateSyncerFactory(ConfigurableListableBeanFactory beanFactory, AntiEntropyProperties properties,
            IntSupplier clusterSize, ObjectProvider<SyncScheduler> scheduler, ObjectProvider<Stagger> stagger,
            ObjectProvider<SyncListener> listeners, ObjectProvider<StateSyncerBuilderCustomizer> customizers) {
        this.beanFactory = beanFactory;
        this.properties = properties;
        this.clusterSize = clusterSize;
        this.scheduler = scheduler;
        this.stagger = stagger;
        this.listeners = listeners;
        this.customizers = customizers;
        checkProperties();
    }

    /**
     * Makes the syncer of one {@code SyncState} bean, or returns the application's own syncer of that state.
     * Called by the container for the bean {@code NAMEStateSyncer}.
     *
     * @param name the name of the {@code SyncState} bean, which becomes the syncer's name
     * @return a syncer, not started: the registry {@link StateSyncers} starts it with the context
     */
    StateSyncer create(String name) {
        StateSyncer own = applicationSyncerOf(name);
        if (own != null) {
            log.debug("syncer '{}': the application's own StateSyncer syncs SyncState bean '{}'", own.name(), name);
            return own;
        }
        return build(name, new SyncStateReference(beanFactory, name));
    }

    /**
     * Builds a syncer of the given state, configured for the given name.
     *
     * @param name the syncer's name
     * @param state the state to keep mirrored
     * @return a new syncer, not started
     */
    StateSyncer build(String name, SyncState state) {
        AntiEntropyProperties.Syncer own = properties.getSyncers().get(name);
        if (own == null) {
            own = new AntiEntropyProperties.Syncer();
        }
        StateSyncer.Builder builder = StateSyncer.builder(state)
            .name(name)
            .interval(pick(own.getInterval(), properties.getInterval()))
            .serverUpInterval(pick(own.getServerUpInterval(), properties.getServerUpInterval()))
            .retryFailInterval(pick(own.getRetryFailInterval(), properties.getRetryFailInterval()))
            .scaleThreshold(pick(own.getScaleThreshold(), properties.getScaleThreshold()))
            .clusterSize(clusterSize)
            .startupStagger(pick(own.getStartupStagger(), properties.getStartupStagger()));
        double multiplier = pick(own.getRetryBackoff().getMultiplier(), properties.getRetryBackoff().getMultiplier());
        Duration maxRetry = pick(own.getRetryBackoff().getMaxInterval(), properties.getRetryBackoff().getMaxInterval());
        if (maxRetry != null) {
            builder.retryBackoff(multiplier, maxRetry);
        }
        else {
            builder.retryBackoff(multiplier); // the core's default cap: the longer of 5m and the retry interval
        }
        Duration syncTimeout = pick(own.getSyncTimeout(), properties.getSyncTimeout());
        if (syncTimeout != null) {
            builder.syncTimeout(syncTimeout);
        }
        scheduler.ifUnique(builder::scheduler);
        stagger.ifUnique(builder::stagger);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
        return builder.build();
    }

    /**
     * Finds the application's own {@code StateSyncer} bean around the instance of the named {@code SyncState}
     * bean, making the application's syncer beans first so that the answer does not depend on the order in
     * which the context makes beans. A syncer bean being made right now (it is waiting for this one) is skipped;
     * {@link StateSyncers} checks again once every bean exists.
     */
    private @Nullable StateSyncer applicationSyncerOf(String state) {
        List<StateSyncer> theirs = new ArrayList<>();
        for (String beanName : beanFactory.getBeanNamesForType(StateSyncer.class, true, false)) {
            if (!isStarterSyncer(beanFactory, beanName) && !beanFactory.isCurrentlyInCreation(beanName)) {
                theirs.add(beanFactory.getBean(beanName, StateSyncer.class));
            }
        }
        if (theirs.isEmpty() || !beanFactory.containsSingleton(state)) {
            return null;
        }
        Object instance = beanFactory.getSingleton(state);
        for (StateSyncer syncer : theirs) {
            if (syncer.state() == instance) {
                return syncer;
            }
        }
        return null;
    }

    private void checkProperties() {
        Set<String> states = StateSyncerRegistrar.syncStateBeanNames(beanFactory);
        List<String> problems = new ArrayList<>();
        properties.getSyncers().keySet().stream()
            .filter((name) -> !states.contains(name))
            .forEach((name) -> problems.add(PREFIX + "syncers." + name + ": there is no SyncState bean named '"
                    + name + "' (SyncState beans: " + states + ")"));
        states.forEach((state) -> checkRetryBackoff(state, problems));
        if (!problems.isEmpty()) {
            throw new InvalidSyncersException(problems);
        }
    }

    private void checkRetryBackoff(String name, List<String> problems) {
        AntiEntropyProperties.Syncer own = properties.getSyncers().get(name);
        Duration ownMax = (own != null) ? own.getRetryBackoff().getMaxInterval() : null;
        Duration max = pick(ownMax, properties.getRetryBackoff().getMaxInterval());
        if (max == null) {
            return; // unset: follows the retry interval
        }
        Duration ownRetry = (own != null) ? own.getRetryFailInterval() : null;
        Duration retry = pick(ownRetry, properties.getRetryFailInterval());
        if (max.compareTo(retry) < 0) {
            String maxKey = key(name, ownMax != null, "retry-backoff.max-interval");
            String retryKey = key(name, ownRetry != null, "retry-fail-interval");
            String problem = "'" + maxKey + "' (" + DurationFormat.format(max) + ") must not be below '" + retryKey
                    + "' (" + DurationFormat.format(retry) + ")";
            if (!problems.contains(problem)) { // shared keys: one line, not one per syncer
                problems.add(problem);
            }
        }
    }

    /**
     * Tells whether a {@code StateSyncer} bean is one the starter registered.
     *
     * @param beanFactory the context's bean factory
     * @param beanName a {@code StateSyncer} bean
     * @return {@code true} for a {@code NAMEStateSyncer} bean of {@link StateSyncerRegistrar}
     */
    static boolean isStarterSyncer(ConfigurableListableBeanFactory beanFactory, String beanName) {
        return stateOf(beanFactory, beanName) != null;
    }

    /**
     * Returns the {@code SyncState} bean that a starter syncer bean syncs.
     *
     * @param beanFactory the context's bean factory
     * @param beanName a {@code StateSyncer} bean
     * @return the name of the {@code SyncState} bean, or {@code null} for a syncer bean of the application's own
     */
    static @Nullable String stateOf(ConfigurableListableBeanFactory beanFactory, String beanName) {
        if (!beanFactory.containsBeanDefinition(beanName)) {
            return null;
        }
        BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
        return (definition.getAttribute(StateSyncerRegistrar.STATE_ATTRIBUTE) instanceof String state) ? state : null;
    }

    private static String key(String syncer, boolean own, String property) {
        return own ? PREFIX + "syncers." + syncer + "." + property : PREFIX + property;
    }

    private static <T extends @Nullable Object> T pick(@Nullable T own, T shared) {
        return (own != null) ? own : shared;
    }
}
