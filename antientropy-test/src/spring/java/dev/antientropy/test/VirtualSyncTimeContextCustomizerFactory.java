package dev.antientropy.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.Assert;

import dev.antientropy.Stagger;

/**
 * Makes {@link VirtualSyncTime} work: for a test class that carries it, adds a primary {@link ManualSyncScheduler}
 * bean and a primary {@link Stagger#none() zero stagger} bean to the test's context. Listed in
 * {@code META-INF/spring.factories}, which the Spring TestContext Framework reads.
 */
final class VirtualSyncTimeContextCustomizerFactory implements ContextCustomizerFactory {

    /** Name of the {@link ManualSyncScheduler} bean. */
    static final String SCHEDULER_BEAN_NAME = "virtualSyncTimeScheduler";

    /** Name of the {@link Stagger} bean. */
    static final String STAGGER_BEAN_NAME = "virtualSyncTimeStagger";

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, VirtualSyncTime.class)
                ? new VirtualSyncTimeContextCustomizer()
                : null;
    }

    /**
     * Registers the two beans. Holds nothing, so all instances are equal: the contexts of all
     * {@code @VirtualSyncTime} tests of one configuration are one cached context, apart from the others.
     */
    static final class VirtualSyncTimeContextCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            Assert.isInstanceOf(BeanDefinitionRegistry.class, context.getBeanFactory(),
                    "@VirtualSyncTime needs a bean factory that is a BeanDefinitionRegistry");
            BeanDefinitionRegistry registry = (BeanDefinitionRegistry) context.getBeanFactory();
            RootBeanDefinition scheduler = new RootBeanDefinition(ManualSyncScheduler.class);
            scheduler.setPrimary(true);
            registry.registerBeanDefinition(SCHEDULER_BEAN_NAME, scheduler);
            RootBeanDefinition stagger = new RootBeanDefinition(Stagger.class, Stagger::none);
            stagger.setPrimary(true);
            registry.registerBeanDefinition(STAGGER_BEAN_NAME, stagger);
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other != null && other.getClass() == getClass();
        }

        @Override
        public int hashCode() {
            return getClass().hashCode();
        }
    }
}
