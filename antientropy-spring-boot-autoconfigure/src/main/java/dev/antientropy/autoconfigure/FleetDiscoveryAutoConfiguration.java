package dev.antientropy.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncScheduler;
import dev.antientropy.SyncState;
import dev.antientropy.discovery.FleetMembership;

/**
 * Fleet awareness from Spring Cloud's {@link DiscoveryClient} (spring-cloud-commons on the class path and a
 * {@code DiscoveryClient} bean): a {@link FleetMembership} that looks at discovery on its own thread, and with
 * {@code antientropy.cluster.service-id} set, the {@link ClusterSizeProvider} of every syncer (unless the
 * application has its own). With {@code antientropy.remote.service-id} (shared or per syncer), a new instance of
 * the remote's service requests a staggered full sync of each syncer that uses it. With
 * {@code antientropy.spread=rank} too, every syncer the starter makes places its full syncs by this node's rank
 * among the cluster's instances ({@link dev.antientropy.StateSyncer.Builder#fleetPosition}).
 */
// After Spring Cloud's composite client, which itself comes after every discovery implementation.
@AutoConfiguration(after = AntiEntropyAutoConfiguration.class, afterName = {
        "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.CommonsClientAutoConfiguration" })
@ConditionalOnClass(DiscoveryClient.class)
@ConditionalOnBooleanProperty(name = "antientropy.enabled", matchIfMissing = true)
@ConditionalOnBean({ SyncState.class, DiscoveryClient.class })
@EnableConfigurationProperties(AntiEntropyProperties.class)
public final class FleetDiscoveryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FleetMembership antiEntropyFleetMembership(DiscoveryClient discovery, AntiEntropyProperties properties,
            ObjectProvider<Registration> registration, ObjectProvider<StateSyncer> syncers,
            ObjectProvider<SyncScheduler> scheduler) {
        AntiEntropyProperties.Cluster cluster = properties.getCluster();
        FleetMembership.Settings settings = new FleetMembership.Settings(cluster.getServiceId(),
                cluster.getRefreshInterval(), properties.getClusterSize(), cluster.getInstanceId(),
                properties::remoteServiceId);
        int syncersPhase = properties.getLifecycle().getPhase();
        int phase = (syncersPhase == Integer.MIN_VALUE) ? syncersPhase : syncersPhase - 1; // before the syncers
        return new FleetMembership(discovery, settings, () -> {
            Registration own = registration.getIfUnique();
            return (own != null) ? own.getInstanceId() : null;
        }, () -> syncers.orderedStream().toList(), scheduler.getIfUnique(), phase);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("antientropy.cluster.service-id")
    ClusterSizeProvider antiEntropyDiscoveryClusterSize(FleetMembership membership) {
        return membership::clusterSize;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("antientropy.cluster.service-id")
    static class RankSpreadConfiguration {

        @Bean
        @ConditionalOnProperty(name = "antientropy.spread", havingValue = "rank")
        StateSyncerBuilderCustomizer antiEntropyRankSpread(FleetMembership membership) {
            return (name, builder) -> builder.fleetPosition(membership::position);
        }
    }
}
