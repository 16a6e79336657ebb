package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.zookeeper.ZookeeperAutoConfiguration;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryAutoConfiguration;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClient;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClientConfiguration;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistryAutoConfiguration;
import org.springframework.cloud.zookeeper.support.CuratorServiceDiscoveryAutoConfiguration;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.FleetPosition;
import dev.antientropy.autoconfigure.FleetDiscoveryAutoConfigurationTests.TimedSyncState;
import dev.antientropy.discovery.FleetMembership;

/**
 * Fleet awareness against a real discovery server: Apache ZooKeeper, started in process by curator-test's
 * {@link TestingServer} on a free port, with Spring Cloud Zookeeper's own discovery client and service registry.
 * Real threads: the test waits with Awaitility, bounded.
 */
class FleetDiscoveryZookeeperTests {

    private static TestingServer zookeeper;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class, ZookeeperAutoConfiguration.class,
                CuratorServiceDiscoveryAutoConfiguration.class, ZookeeperDiscoveryAutoConfiguration.class,
                ZookeeperDiscoveryClientConfiguration.class, ZookeeperServiceRegistryAutoConfiguration.class,
                CompositeDiscoveryClientAutoConfiguration.class, AntiEntropyAutoConfiguration.class,
                FleetDiscoveryAutoConfiguration.class))
        .withBean("catalog", TimedSyncState.class, TimedSyncState::new);

    @BeforeAll
    static void startZookeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        zookeeper.close();
    }

    @Test
    void clusterSizeRankAndServerUpFollowWhatZookeeperLists() {
        contextRunner.withPropertyValues("spring.cloud.zookeeper.connect-string=" + zookeeper.getConnectString(),
                "antientropy.cluster.service-id=fleet", "antientropy.cluster.instance-id=node-b",
                "antientropy.remote.service-id=registry", "antientropy.server-up-interval=200ms",
                "antientropy.cluster.refresh-interval=1h") // only heartbeats make it look again
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(ZookeeperDiscoveryClient.class);
                ZookeeperServiceRegistry registry = context.getBean(ZookeeperServiceRegistry.class);
                ClusterSizeProvider size = context.getBean(ClusterSizeProvider.class);
                FleetMembership membership = context.getBean(FleetMembership.class);
                TimedSyncState state = context.getBean(TimedSyncState.class);

                registry.register(instance("fleet", "node-c", 9003));
                registry.register(instance("fleet", "node-a", 9001));
                registry.register(instance("fleet", "node-b", 9002));
                registry.register(instance("registry", "r1", 9100));
                // Starts Spring Cloud Zookeeper's watch, which publishes a HeartbeatEvent on every change.
                context.publishEvent(new InstanceRegisteredEvent<>(this, "test"));

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(size.clusterSize()).isEqualTo(3);
                    // on the ring (FleetRing: by hash of the instance id) node-c has slot 0, node-a 1, node-b 2
                    assertThat(membership.position()).contains(new FleetPosition(2, 3));
                    // The first look, at start, saw no instance of 'registry': r1 is a server that came up.
                    assertThat(state.fullSyncs).as("start-up + r1 up").hasSize(2);
                });

                registry.register(instance("registry", "r2", 9101)); // the remote restarted elsewhere
                await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(state.fullSyncs).as("start-up + r1 up + r2 up").hasSize(3));

                registry.deregister(instance("fleet", "node-a", 9001));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(size.clusterSize()).isEqualTo(2);
                    assertThat(membership.position()).contains(new FleetPosition(1, 2));
                });
                assertThat(state.fullSyncs).as("a node leaving the cluster requests nothing").hasSize(3);
            });
    }

    private static ServiceInstanceRegistration instance(String service, String id, int port) {
        return ServiceInstanceRegistration.builder()
            .defaultUriSpec()
            .address("127.0.0.1")
            .port(port)
            .name(service)
            .id(id)
            .build();
    }
}
