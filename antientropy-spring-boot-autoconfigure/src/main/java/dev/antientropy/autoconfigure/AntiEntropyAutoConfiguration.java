package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntSupplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncScheduler;
import dev.antientropy.SyncState;

/**
 * Auto-configuration of the anti-entropy state syncers: one {@link StateSyncer} bean per {@link SyncState}
 * bean (named {@code NAMEStateSyncer}, qualified {@code NAME}), the {@link StateSyncers} registry that starts
 * and stops them with the context, and the {@code antientropy.*} properties. Nothing is made without a
 * {@code SyncState} bean or with {@code antientropy.enabled=false}.
 *
 * <p>Three beans make the syncers, one job each: {@link StateSyncerRegistrar} decides which syncer beans exist,
 * {@link StateSyncerFactory} builds each of them, {@link StateSyncers} runs them. Every syncer is configured from
 * the properties, a {@link ClusterSizeProvider} bean if there is one (else {@code antientropy.cluster-size}), a
 * {@link SyncScheduler} and a {@link Stagger} bean if there is one (the test kit's {@code @VirtualSyncTime}
 * contributes both), every {@link SyncListener} bean, and last every {@link StateSyncerBuilderCustomizer} bean,
 * in order. With {@code spring.threads.virtual.enabled=true} on Java 21+, and no {@code SyncScheduler} bean, the
 * syncers run on virtual threads. A {@code StateSyncer} bean of the application's own takes precedence for the
 * {@code SyncState} it wraps, whatever its bean name.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "antientropy.enabled", matchIfMissing = true)
@ConditionalOnBean(SyncState.class)
@EnableConfigurationProperties(AntiEntropyProperties.class)
public final class AntiEntropyAutoConfiguration {

    private static final String SHUTDOWN_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    /** Boot's default of {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    static StateSyncerRegistrar antiEntropyStateSyncerRegistrar() {
        return new StateSyncerRegistrar();
    }

    // Not @ConditionalOnMissingBean: the registrar's bean definitions name it as their factory bean.
    // Replace a single syncer with a StateSyncer bean of your own instead.
    @Bean(StateSyncerFactory.BEAN_NAME)
    StateSyncerFactory antiEntropyStateSyncerFactory(ConfigurableListableBeanFactory beanFactory,
            AntiEntropyProperties properties, ObjectProvider<ClusterSizeProvider> clusterSizeProvider,
            ObjectProvider<SyncScheduler> scheduler, ObjectProvider<Stagger> stagger,
            ObjectProvider<SyncListener> listeners, ObjectProvider<StateSyncerBuilderCustomizer> customizers) {
        ClusterSizeProvider provider = clusterSizeProvider.getIfAvailable();
        IntSupplier clusterSize = (provider != null) ? provider : properties::getClusterSize;
        return new StateSyncerFactory(beanFactory, properties, clusterSize, scheduler, stagger, listeners,
                customizers);
    }

    // Not @ConditionalOnMissingBean: the endpoint, health and meters are built on it.
    @Bean(StateSyncerRegistrar.REGISTRY_BEAN_NAME)
    StateSyncers stateSyncers(ConfigurableListableBeanFactory beanFactory, Environment environment,
            AntiEntropyProperties properties) {
        Duration shutdownTimeout = Binder.get(environment)
            .bind(SHUTDOWN_TIMEOUT_PROPERTY, Duration.class)
            .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        return new StateSyncers(beanFactory, shutdownTimeout, properties.getLifecycle().getPhase());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnThreading(Threading.VIRTUAL)
    @ConditionalOnMissingBean(SyncScheduler.class)
    static class VirtualThreadsConfiguration {

        @Bean
        VirtualThreadsCustomizer antiEntropyVirtualThreadsCustomizer() {
            return new VirtualThreadsCustomizer(new VirtualThreadTaskExecutor("antientropy-").getVirtualThreadFactory());
        }
    }

    /**
     * Runs every syncer on a virtual thread. First of the customizers, so that one of the application's own can
     * set another thread factory or a scheduler (the last one set wins).
     */
    static final class VirtualThreadsCustomizer implements StateSyncerBuilderCustomizer, Ordered {

        private final ThreadFactory threadFactory;

        VirtualThreadsCustomizer(ThreadFactory threadFactory) {
            this.threadFactory = threadFactory;
        }

        @Override
        public void customize(String name, StateSyncer.Builder builder) {
            builder.threadFactory(threadFactory);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
