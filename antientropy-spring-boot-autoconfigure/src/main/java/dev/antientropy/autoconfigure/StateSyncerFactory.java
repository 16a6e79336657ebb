package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncState;

/**
 * Makes the syncers of an application context: one per syncer bean that {@link StateSyncerRegistrar}
 * registered, configured from the properties (per-syncer overrides first, then the shared values), the
 * cluster size, the {@link SyncListener} beans and, last, the {@link StateSyncerBuilderCustomizer} beans; plus
 * the application's own {@link StateSyncer} beans. Checks what binding could not: names under
 * {@code antientropy.syncers}, the back-off cap against the retry interval, clashing syncer names. Not
 * thread-safe; used once, while the context starts.
 */
final class StateSyncerFactory {

    private static final String PREFIX = "antientropy.";

    private static final List<ChronoUnit> PRINT_UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
            ChronoUnit.SECONDS, ChronoUnit.MILLIS);

    private final AntiEntropyProperties properties;
    private final IntSupplier clusterSize;
    private final List<SyncListener> listeners;
    private final List<StateSyncerBuilderCustomizer> customizers;

    StateSyncerFactory(AntiEntropyProperties properties, IntSupplier clusterSize, List<SyncListener> listeners,
            List<StateSyncerBuilderCustomizer> customizers) {
        this.properties = properties;
        this.clusterSize = clusterSize;
        this.listeners = List.copyOf(listeners);
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Makes every syncer of the context, checking the configuration first.
     *
     * @param beanFactory the context's bean factory
     * @return the syncers by name
     * @throws InvalidSyncersException when the configuration is invalid; the syncers made so far are closed
     */
    Map<String, StateSyncer> createAll(ConfigurableListableBeanFactory beanFactory) {
        Set<String> states = StateSyncerRegistrar.syncStateBeanNames(beanFactory);
        Map<String, String> ours = new TreeMap<>(); // syncer bean name -> SyncState bean name
        List<String> theirs = new ArrayList<>();
        for (String beanName : beanFactory.getBeanNamesForType(StateSyncer.class, true, false)) {
            String state = stateOf(beanFactory, beanName);
            if (state != null) {
                ours.put(beanName, state);
            }
            else {
                theirs.add(beanName);
            }
        }
        List<String> problems = new ArrayList<>();
        properties.getSyncers().keySet().stream()
            .filter((name) -> !states.contains(name))
            .forEach((name) -> problems.add(PREFIX + "syncers." + name + ": there is no SyncState bean named '"
                    + name + "' (SyncState beans: " + states + ")"));
        ours.values().forEach((state) -> checkRetryBackoff(state, problems));
        if (!problems.isEmpty()) {
            throw new InvalidSyncersException(problems);
        }

        Map<String, StateSyncer> syncers = new TreeMap<>();
        Map<String, String> beanNames = new HashMap<>(); // syncer name -> bean name, to report clashes
        ours.forEach((beanName, state) -> {
            syncers.put(state, create(state, beanFactory.getBean(state, SyncState.class)));
            beanNames.put(state, beanName);
        });
        for (String beanName : theirs) {
            StateSyncer syncer = beanFactory.getBean(beanName, StateSyncer.class);
            beanFactory.registerDependentBean(beanName, StateSyncerRegistrar.REGISTRY_BEAN_NAME);
            String replaced = replacedState(beanName, states);
            if (replaced != null && !replaced.equals(syncer.name())) {
                problems.add("StateSyncer bean '" + beanName + "' replaces the syncer of SyncState bean '" + replaced
                        + "' but is named '" + syncer.name() + "': build it with .name(\"" + replaced + "\")");
                continue;
            }
            String clash = beanNames.putIfAbsent(syncer.name(), beanName);
            if (clash != null) {
                problems.add("StateSyncer beans '" + clash + "' and '" + beanName + "' are both named '"
                        + syncer.name() + "'; to replace the syncer of SyncState bean '" + syncer.name()
                        + "', name yours '" + StateSyncerRegistrar.beanName(syncer.name()) + "'");
                continue;
            }
            syncers.put(syncer.name(), syncer);
        }
        if (!problems.isEmpty()) {
            ours.values().forEach((state) -> syncers.get(state).close());
            throw new InvalidSyncersException(problems);
        }
        return syncers;
    }

    /**
     * Builds the syncer of one {@code SyncState} bean.
     *
     * @param name the name of the {@code SyncState} bean, which becomes the syncer's name
     * @param state the state to keep mirrored
     * @return a new syncer, not started
     */
    StateSyncer create(String name, SyncState state) {
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
        listeners.forEach(builder::listener);
        customizers.forEach((customizer) -> customizer.customize(name, builder));
        return builder.build();
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
            String problem = "'" + maxKey + "' (" + format(max) + ") must not be below '" + retryKey + "' ("
                    + format(retry) + ")";
            if (!problems.contains(problem)) { // shared keys: one line, not one per syncer
                problems.add(problem);
            }
        }
    }

    /** Prints a duration as a property value: {@code 90s}, {@code 5m}, {@code 1500ms}. */
    static String format(Duration duration) {
        for (ChronoUnit unit : PRINT_UNITS) {
            if (duration.toNanos() % unit.getDuration().toNanos() == 0) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return duration.toString();
    }

    private static String key(String syncer, boolean own, String property) {
        return own ? PREFIX + "syncers." + syncer + "." + property : PREFIX + property;
    }

    private static @Nullable String stateOf(ConfigurableListableBeanFactory beanFactory, String beanName) {
        if (!beanFactory.containsBeanDefinition(beanName)) {
            return null;
        }
        BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
        return (definition.getAttribute(StateSyncerRegistrar.STATE_ATTRIBUTE) instanceof String state) ? state : null;
    }

    private static @Nullable String replacedState(String beanName, Set<String> states) {
        for (String state : states) {
            if (StateSyncerRegistrar.beanName(state).equals(beanName)) {
                return state;
            }
        }
        return null;
    }

    private static <T extends @Nullable Object> T pick(@Nullable T own, T shared) {
        return (own != null) ? own : shared;
    }
}
