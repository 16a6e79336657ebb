package dev.antientropy.autoconfigure;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;

/**
 * Decides which syncer beans the starter adds: for each {@link SyncState} bean of this context that
 * {@code antientropy.syncers.NAME.enabled} does not turn off, a {@link StateSyncer} bean named
 * {@code NAMEStateSyncer}, qualified {@code NAME}, made by {@link StateSyncerFactory#create(String)}. A bean
 * definition of the application's own named {@code NAMEStateSyncer} takes the place of the one for {@code NAME};
 * it gets the qualifier {@code NAME} too, so injection points stay the same. (A syncer bean of the application's
 * own under another name is recognised later, by the state it wraps: see {@link StateSyncerFactory}.)
 *
 * <p>Runs once all bean definitions are known, before any bean exists; conditions of other auto-configurations
 * cannot see what it adds, which is why they test for the {@link StateSyncers} bean instead. Idempotent: under
 * AOT it runs again on the definitions it registered at build time.
 */
final class StateSyncerRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    /** Name of the {@link StateSyncers} bean. */
    static final String REGISTRY_BEAN_NAME = "stateSyncers";

    /** Marks a syncer bean made here; its value is the name of the {@code SyncState} bean. */
    static final String STATE_ATTRIBUTE = StateSyncerRegistrar.class.getName() + ".state";

    private static final String PROPERTY_PREFIX = "antientropy.syncers";

    private @Nullable Environment environment; // set once by the container, before post-processing

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Assert.isInstanceOf(ListableBeanFactory.class, registry, "Cannot look up SyncState beans");
        ListableBeanFactory beanFactory = (ListableBeanFactory) registry;
        Set<String> syncerBeans = Set.of(beanFactory.getBeanNamesForType(StateSyncer.class, true, false));
        Map<String, Switch> switches = switches();
        for (String state : syncStateBeanNames(beanFactory)) {
            Switch own = switches.get(state);
            if (own != null && !own.isEnabled()) {
                continue;
            }
            String beanName = beanName(state);
            if (!registry.containsBeanDefinition(beanName)) {
                registry.registerBeanDefinition(beanName, syncerDefinition(state));
            }
            else if (syncerBeans.contains(beanName)) {
                qualify(registry.getBeanDefinition(beanName), state);
            }
            else {
                throw new InvalidSyncersException("bean '" + beanName + "' is not a StateSyncer, so the syncer of "
                        + "SyncState bean '" + state + "' cannot take that name: rename the bean");
            }
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    /**
     * Returns the name of the syncer bean of a {@code SyncState} bean.
     *
     * @param state the name of the {@code SyncState} bean
     * @return {@code stateStateSyncer}
     */
    static String beanName(String state) {
        return state + "StateSyncer";
    }

    /**
     * Returns the names of the {@code SyncState} beans, without making any bean.
     *
     * @param beanFactory where to look
     * @return the names, sorted
     */
    static Set<String> syncStateBeanNames(ListableBeanFactory beanFactory) {
        return new TreeSet<>(Arrays.asList(beanFactory.getBeanNamesForType(SyncState.class, true, false)));
    }

    // Only the switches: the other per-syncer keys are bound once, into AntiEntropyProperties.
    private Map<String, Switch> switches() {
        Assert.state(environment != null, "No Environment");
        return Binder.get(environment)
            .bind(PROPERTY_PREFIX, Bindable.mapOf(String.class, Switch.class))
            .orElseGet(Map::of);
    }

    /** {@code antientropy.syncers.NAME.enabled}, bound without the rest of the syncer's keys. */
    static final class Switch {

        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    private static RootBeanDefinition syncerDefinition(String state) {
        RootBeanDefinition definition = new RootBeanDefinition();
        definition.setTargetType(StateSyncer.class);
        definition.setFactoryBeanName(StateSyncerFactory.BEAN_NAME);
        definition.setFactoryMethodName("create");
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, state);
        definition.setAttribute(STATE_ATTRIBUTE, state);
        // The registry closes the syncer with a bounded wait; no unbounded close() from the container (kept under
        // AOT by StateSyncerBeanRegistrationAotProcessor).
        definition.setDestroyMethodName("");
        qualify(definition, state);
        return definition;
    }

    private static void qualify(BeanDefinition definition, String state) {
        if (definition instanceof AbstractBeanDefinition abstractDefinition
                && !abstractDefinition.hasQualifier(Qualifier.class.getName())) {
            abstractDefinition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, state));
        }
    }
}
