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
 * Registers a {@link StateSyncer} bean for each enabled {@link SyncState} bean: named {@code NAMEStateSyncer},
 * qualified {@code NAME}, and made by {@link StateSyncers#get(String)}, so the beans and the registry hold the
 * same instances. A bean definition of the application's own named {@code NAMEStateSyncer} takes the place of
 * the one for {@code NAME}; it gets the qualifier {@code NAME} too, so injection points stay the same.
 *
 * <p>Runs once all bean definitions are known, before any bean exists; conditions of other auto-configurations
 * cannot see what it adds, which is why they test for the {@link StateSyncers} bean instead.
 */
final class StateSyncerRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    /** Name of the {@link StateSyncers} bean, the factory of the syncer beans. */
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
        Map<String, AntiEntropyProperties.Syncer> overrides = overrides();
        for (String state : syncStateBeanNames(beanFactory)) {
            AntiEntropyProperties.Syncer own = overrides.get(state);
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

    private Map<String, AntiEntropyProperties.Syncer> overrides() {
        Assert.state(environment != null, "No Environment");
        return Binder.get(environment)
            .bind(PROPERTY_PREFIX, Bindable.mapOf(String.class, AntiEntropyProperties.Syncer.class))
            .orElseGet(Map::of);
    }

    private static RootBeanDefinition syncerDefinition(String state) {
        RootBeanDefinition definition = new RootBeanDefinition();
        definition.setTargetType(StateSyncer.class);
        definition.setFactoryBeanName(REGISTRY_BEAN_NAME);
        definition.setFactoryMethodName("get");
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, state);
        definition.setAttribute(STATE_ATTRIBUTE, state);
        // The registry closes the syncer with a bounded wait; no unbounded close() from the container.
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
