package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.FleetPosition;
import dev.antientropy.FleetRing;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.SyncTiming;
import dev.antientropy.SyncerState;
import dev.antientropy.discovery.FleetMembership;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * Fleet awareness from Spring Cloud discovery: the cluster size, "server up" full syncs and this node's position.
 * Discovery is a bean whose instances each test changes ({@link MutableDiscoveryClient}), or Spring Cloud's
 * simple discovery client; time is virtual (one {@link ManualSyncScheduler} for the syncers and the discovery
 * look) except where the test is about threads.
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetDiscoveryAutoConfigurationTests {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                FleetDiscoveryAutoConfiguration.class))
        .withBean("catalog", TimedSyncState.class, TimedSyncState::new)
        .withBean(MutableDiscoveryClient.class, MutableDiscoveryClient::new);

    /** Syncers and discovery on one virtual clock driven by the test thread; staggers seeded. */
    private ApplicationContextRunner inVirtualTime(ApplicationContextRunner runner) {
        return runner.withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
            .withUserConfiguration(VirtualTimeConfiguration.class);
    }

    // ------------------------------------------------------------------ conditions

    @Test
    void withoutSpringCloudOnTheClassPathNothingOfThisIsCreated() {
        contextRunner.withPropertyValues("antientropy.cluster.service-id=fleet")
            .withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(StateSyncer.class)
                    .doesNotHaveBean(FleetMembership.class)
                    .doesNotHaveBean(ClusterSizeProvider.class);
            });
    }

    @Test
    void withoutADiscoveryClientBeanNothingOfThisIsCreated() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    FleetDiscoveryAutoConfiguration.class))
            .withBean("catalog", TimedSyncState.class, TimedSyncState::new)
            .withPropertyValues("antientropy.cluster.service-id=fleet")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(FleetMembership.class).doesNotHaveBean(ClusterSizeProvider.class);
            });
    }

    @Test
    void withoutAClusterServiceIdTheClusterSizeStaysTheProperty() {
        contextRunner.withPropertyValues("antientropy.cluster-size=300").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(FleetMembership.class).doesNotHaveBean(ClusterSizeProvider.class);
            assertThat(context.getBean(FleetMembership.class).isRunning()).as("nothing to look at").isFalse();
        });
    }

    @Test
    void anApplicationsOwnClusterSizeProviderTakesPrecedence() {
        contextRunner.withPropertyValues("antientropy.cluster.service-id=fleet")
            .withBean("ownClusterSize", ClusterSizeProvider.class, () -> () -> 42)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).getBean(ClusterSizeProvider.class).isSameAs(context.getBean("ownClusterSize"));
            });
    }

    // ------------------------------------------------------------------ cluster size

    @Test
    void beforeTheFirstAnswerTheClusterSizeIsThePropertys() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet",
                "antientropy.cluster-size=5")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(ClusterSizeProvider.class).clusterSize()).isEqualTo(5);
            });
    }

    @Test
    void clusterSizeFollowsTheListAtEachRefresh() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet").run((context) -> {
            assertThat(context).hasNotFailed();
            MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
            ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
            ClusterSizeProvider size = context.getBean(ClusterSizeProvider.class);
            discovery.set("fleet", "a", "b", "c");
            clock.runDue();
            assertThat(size.clusterSize()).isEqualTo(3);

            discovery.set("fleet", "a", "b", "c", "d", "e");
            clock.advance(REFRESH.minusSeconds(1));
            assertThat(size.clusterSize()).as("not before the refresh interval").isEqualTo(3);
            clock.advance(Duration.ofSeconds(1));
            assertThat(size.clusterSize()).isEqualTo(5);
        });
    }

    @Test
    void clusterSizeFollowsTheListAfterAHeartbeatEvent() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet").run((context) -> {
            assertThat(context).hasNotFailed();
            MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
            ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
            discovery.set("fleet", "a", "b", "c");
            clock.runDue();
            int looks = discovery.calls.size();

            discovery.set("fleet", "a", "b", "c", "d", "e", "f", "g");
            context.publishEvent(new HeartbeatEvent(this, 1));
            context.publishEvent(new HeartbeatEvent(this, 2));
            clock.runDue();

            assertThat(context.getBean(ClusterSizeProvider.class).clusterSize()).isEqualTo(7);
            assertThat(discovery.calls).as("two heartbeats before the look: one look").hasSize(looks + 1);
        });
    }

    @Test
    void theSyncersReadTheSizeDiscoveryGives() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet").run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(MutableDiscoveryClient.class).set("fleet", ids(1000));
            ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
            clock.runDue(); // the discovery look runs before the syncer's first full sync: one phase earlier
            clock.advance(Duration.ofMinutes(1));
            assertThat(context.getBean(StateSyncer.class).status().clusterSize()).isEqualTo(1000);
        });
    }

    @Test
    void anEmptyListCountsAsOne() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet",
                "antientropy.cluster-size=4")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(MutableDiscoveryClient.class).set("fleet");
                context.getBean(ManualSyncScheduler.class).runDue();
                assertThat(context.getBean(ClusterSizeProvider.class).clusterSize()).isEqualTo(1);
            });
    }

    @Test
    void aFailingDiscoveryKeepsTheLastSizeAndLogsOnceThenSummarises(CapturedOutput output) {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet").run((context) -> {
            assertThat(context).hasNotFailed();
            MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
            ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
            ClusterSizeProvider size = context.getBean(ClusterSizeProvider.class);
            discovery.set("fleet", "a", "b", "c", "d");
            clock.runDue();
            assertThat(size.clusterSize()).isEqualTo(4);

            discovery.failure = new IllegalStateException("registry unreachable");
            clock.advance(REFRESH.multipliedBy(3));
            assertThat(size.clusterSize()).as("last known size").isEqualTo(4);
            assertThat(count(output.getOut(), "failed; keeping what the last answer said")).isEqualTo(1);
            assertThat(output.getOut()).contains("failing: 2 failures since");

            discovery.failure = null;
            discovery.set("fleet", "a", "b");
            clock.advance(REFRESH);
            assertThat(size.clusterSize()).isEqualTo(2);
            assertThat(output.getOut()).contains("recovered after 3 failures");
        });
    }

    @Test
    void discoveryNeverRunsOnASyncersThread() {
        // Real threads: the syncer on its own, discovery on antientropy-discovery.
        contextRunner.withPropertyValues("antientropy.cluster.service-id=fleet", "antientropy.remote.service-id=registry")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
                discovery.set("fleet", "a", "b", "c");
                context.publishEvent(new HeartbeatEvent(this, 1));
                TimedSyncState state = context.getBean(TimedSyncState.class);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(context.getBean(ClusterSizeProvider.class).clusterSize()).isEqualTo(3);
                    assertThat(state.threads).isNotEmpty();
                });
                assertThat(discovery.calls).isNotEmpty()
                    .allSatisfy((thread) -> assertThat(thread.getName()).isEqualTo("antientropy-discovery"))
                    .doesNotContainAnyElementsOf(state.threads);
            });
    }

    @Test
    void theSyncersPlaceTheirFirstFullSyncWithWhatTheFirstLookSaysEvenWhenDiscoveryIsSlow() {
        // Real threads, and a discovery that takes 300 ms to answer: the syncer starts after the first look.
        MutableDiscoveryClient slow = new MutableDiscoveryClient();
        slow.set("fleet", ids(1000));
        slow.latency = Duration.ofMillis(300);
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    FleetDiscoveryAutoConfiguration.class))
            .withBean("catalog", TimedSyncState.class, TimedSyncState::new)
            .withBean(MutableDiscoveryClient.class, () -> slow)
            .withPropertyValues("antientropy.cluster.service-id=fleet", "antientropy.cluster.instance-id=node-3",
                    "antientropy.spread=rank", "antientropy.startup-stagger=1h")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                StateSyncer syncer = context.getBean(StateSyncer.class);
                await().atMost(Duration.ofSeconds(10))
                    .until(() -> syncer.status().state() == SyncerState.STARTING);
                assertThat(syncer.status().clusterSize()).isEqualTo(1000);
                // f = 4: period P = 60 s x (1 + 4/2) = 180 s, start-up window [0, 4 h): the wait for this node's
                // slot of the grid, at slot/1000 of P.
                long phase = Duration.ofSeconds(180).toNanos() / 1000 * ring("node-3", ids(1000)).rank();
                Instant due = syncer.status().nextFullSyncDue();
                long dueNanos = due.getEpochSecond() * 1_000_000_000L + due.getNano();
                assertThat(Math.floorMod(dueNanos, Duration.ofSeconds(180).toNanos())).isEqualTo(phase);
            });
    }

    // ------------------------------------------------------------------ server up

    @Test
    void aNewRemoteInstanceRequestsExactlyOneFullSyncPerSyncerWithinTheServerUpWindow() {
        inVirtualTime(contextRunner).withBean("inventory", TimedSyncState.class, TimedSyncState::new)
            .withPropertyValues("antientropy.remote.service-id=registry")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
                ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
                discovery.set("registry", "r1");
                clock.runDue(); // first look, first full syncs

                discovery.set("registry", "r1", "r2", "r3"); // two new instances in one look
                clock.advance(REFRESH); // the look at t = 30 s requests
                clock.advance(Duration.ofSeconds(3)); // server-up window: [0, 3 s x f), f = 1
                for (String name : List.of("catalog", "inventory")) {
                    TimedSyncState state = context.getBean(name, TimedSyncState.class);
                    assertThat(state.fullSyncs).as(name).hasSize(2);
                    assertThat(state.fullSyncs.get(1)).as(name + ": within the server-up window")
                        .isBetween(REFRESH, REFRESH.plusSeconds(3).minusNanos(1));
                }
                clock.advance(Duration.ofSeconds(20)); // to 53 s: before any periodic full sync
                assertThat(context.getBean("catalog", TimedSyncState.class).fullSyncs).hasSize(2);
                assertThat(context.getBean("inventory", TimedSyncState.class).fullSyncs).hasSize(2);
            });
    }

    @Test
    void theFirstLookOnlyRecords() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.remote.service-id=registry").run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(MutableDiscoveryClient.class).set("registry", "r1", "r2");
            ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
            clock.runDue();
            clock.advance(REFRESH.plusSeconds(3));
            assertThat(context.getBean(TimedSyncState.class).fullSyncs).as("the start-up full sync only").hasSize(1);
        });
    }

    @Test
    void aRemoteInstanceThatComesBackCountsAsNew() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.remote.service-id=registry").run((context) -> {
            assertThat(context).hasNotFailed();
            MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
            ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
            discovery.set("registry", "r1");
            clock.runDue();
            discovery.set("registry");
            clock.advance(REFRESH);
            discovery.set("registry", "r1");
            clock.advance(REFRESH.plusSeconds(3));
            assertThat(context.getBean(TimedSyncState.class).fullSyncs).hasSize(2);
        });
    }

    @Test
    void aSyncersOwnRemoteServiceIdTakesPrecedenceOverTheSharedOne() {
        inVirtualTime(contextRunner).withBean("inventory", TimedSyncState.class, TimedSyncState::new)
            .withPropertyValues("antientropy.remote.service-id=registry",
                    "antientropy.syncers.inventory.remote.service-id=warehouse")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
                ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
                discovery.set("registry", "r1");
                discovery.set("warehouse", "w1");
                clock.runDue();
                discovery.set("warehouse", "w1", "w2");
                clock.advance(REFRESH.plusSeconds(3));
                assertThat(context.getBean("catalog", TimedSyncState.class).fullSyncs).hasSize(1);
                assertThat(context.getBean("inventory", TimedSyncState.class).fullSyncs).hasSize(2);
            });
    }

    // ------------------------------------------------------------------ position, with the simple client

    @Test
    void simpleDiscoveryClientGivesSizeAndRankByInstanceId() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    FleetDiscoveryAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
                    UtilAutoConfiguration.class))
            .withBean("catalog", TimedSyncState.class, TimedSyncState::new)
            .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
            .withUserConfiguration(VirtualTimeConfiguration.class)
            .withPropertyValues("antientropy.cluster.service-id=fleet", "antientropy.cluster.instance-id=node-b",
                    "spring.cloud.discovery.client.simple.instances.fleet[0].instance-id=node-c",
                    "spring.cloud.discovery.client.simple.instances.fleet[0].uri=http://10.0.0.3:8080",
                    "spring.cloud.discovery.client.simple.instances.fleet[1].instance-id=node-a",
                    "spring.cloud.discovery.client.simple.instances.fleet[1].uri=http://10.0.0.1:8080",
                    "spring.cloud.discovery.client.simple.instances.fleet[2].instance-id=node-b",
                    "spring.cloud.discovery.client.simple.instances.fleet[2].uri=http://10.0.0.2:8080")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(ManualSyncScheduler.class).runDue();
                assertThat(context.getBean(ClusterSizeProvider.class).clusterSize()).isEqualTo(3);
                // on the ring (FleetRing: by hash of the instance id) node-c has slot 0, node-a 1, node-b 2
                assertThat(context.getBean(FleetMembership.class).position()).contains(new FleetPosition(2, 3));
            });
    }

    @Test
    void aNodeNotInTheListHasNoPosition() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet",
                "antientropy.cluster.instance-id=node-x")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(MutableDiscoveryClient.class).set("fleet", "node-a", "node-b");
                context.getBean(ManualSyncScheduler.class).runDue();
                assertThat(context.getBean(FleetMembership.class).position()).isEmpty();
            });
    }

    @Test
    void thePositionFollowsMembershipChanges() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet",
                "antientropy.cluster.instance-id=node-m")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                MutableDiscoveryClient discovery = context.getBean(MutableDiscoveryClient.class);
                ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
                FleetMembership membership = context.getBean(FleetMembership.class);
                discovery.set("fleet", "node-z", "node-m", "node-a");
                clock.runDue();
                assertThat(membership.position()).contains(ring("node-m", "node-z", "node-m", "node-a"))
                    .contains(new FleetPosition(2, 3));
                discovery.set("fleet", "node-z", "node-m", "node-b", "node-a");
                clock.advance(REFRESH);
                assertThat(membership.position()).contains(ring("node-m", "node-z", "node-m", "node-b", "node-a"))
                    .contains(new FleetPosition(0, 4));
            });
    }

    // ------------------------------------------------------------------ rank spread

    @Test
    void withSpreadRankTheSyncersPlaceTheirFullSyncsByRank() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet",
                "antientropy.cluster.instance-id=node-b", "antientropy.spread=rank", "antientropy.startup-stagger=9s")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(MutableDiscoveryClient.class).set("fleet", "node-c", "node-a", "node-b");
                ManualSyncScheduler clock = context.getBean(ManualSyncScheduler.class);
                TimedSyncState state = context.getBean(TimedSyncState.class);
                clock.runDue(); // the discovery look comes first: one phase before the syncers
                StateSyncer syncer = context.getBean(StateSyncer.class);
                assertThat(syncer.timing().spread()).isEqualTo(SyncTiming.SPREAD_RANK);
                assertThat(syncer.timing().position()).isEqualTo(new FleetPosition(2, 3));
                clock.advance(Duration.ofSeconds(6).minusNanos(1));
                assertThat(state.fullSyncs).as("slot 2 of 3: two thirds into the 9 s start-up window").isEmpty();
                clock.advance(Duration.ofNanos(1));
                assertThat(state.fullSyncs).containsExactly(Duration.ofSeconds(6));
            });
    }

    @Test
    void withoutSpreadRankTheSyncersSpreadAtRandom() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster.service-id=fleet",
                "antientropy.cluster.instance-id=node-b")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(MutableDiscoveryClient.class).set("fleet", "node-c", "node-a", "node-b");
                context.getBean(ManualSyncScheduler.class).runDue();
                assertThat(context.getBean(FleetMembership.class).position()).contains(new FleetPosition(2, 3));
                assertThat(context.getBean(StateSyncer.class).timing().spread()).isEqualTo(SyncTiming.SPREAD_RANDOM);
            });
    }

    @Test
    void spreadRankWithoutAClusterServiceIdStaysRandom() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.spread=rank").run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(ManualSyncScheduler.class).runDue();
            assertThat(context.getBean(StateSyncer.class).timing().spread()).isEqualTo(SyncTiming.SPREAD_RANDOM);
        });
    }

    // ------------------------------------------------------------------ fixtures

    private static String[] ids(int count) {
        String[] ids = new String[count];
        Arrays.setAll(ids, (i) -> "node-" + i);
        return ids;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Configuration(proxyBeanMethods = false)
    static class VirtualTimeConfiguration {

        @Bean
        @Order(Integer.MIN_VALUE)
        StateSyncerBuilderCustomizer manualTime(ManualSyncScheduler scheduler) {
            Stagger seeded = Stagger.uniform(new SplittableRandom(7));
            return (name, builder) -> builder.scheduler(scheduler).stagger(seeded);
        }
    }

    /** A {@link SyncState} that records the virtual time of each full sync and the thread it ran on. */
    static final class TimedSyncState implements SyncState {

        final List<Duration> fullSyncs = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        private volatile @Nullable ManualSyncScheduler clock;

        @org.springframework.beans.factory.annotation.Autowired(required = false)
        void setClock(ManualSyncScheduler clock) {
            this.clock = clock;
        }

        @Override
        public void syncFull() {
            ManualSyncScheduler now = clock;
            fullSyncs.add((now != null) ? now.elapsed() : Duration.ZERO);
            threads.add(Thread.currentThread());
        }

        @Override
        public void syncChanges() {
            threads.add(Thread.currentThread());
        }
    }

    /** A discovery whose instances the test sets, which can fail, and which records the threads that call it. */
    static final class MutableDiscoveryClient implements DiscoveryClient {

        final Map<String, List<ServiceInstance>> services = new ConcurrentHashMap<>();
        final List<Thread> calls = new CopyOnWriteArrayList<>();
        volatile @Nullable RuntimeException failure;
        volatile Duration latency = Duration.ZERO; // how long each answer takes: a remote discovery server


        void set(String serviceId, String... instanceIds) {
            services.put(serviceId, Arrays.stream(instanceIds)
                .map((id) -> (ServiceInstance) new DefaultServiceInstance(id, serviceId, "host-" + id, 8080, false))
                .toList());
        }

        @Override
        public String description() {
            return "set by the test";
        }

        @Override
        public List<ServiceInstance> getInstances(String serviceId) {
            calls.add(Thread.currentThread());
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis()); // the fake is slow, as a remote server is; the test waits on it
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeException fail = failure;
            if (fail != null) {
                throw fail;
            }
            return services.getOrDefault(serviceId, List.of());
        }

        @Override
        public List<String> getServices() {
            return List.copyOf(services.keySet());
        }
    }

    /** Where {@code self} stands on the ring of these members: what every node computes from the same list. */
    private static FleetPosition ring(String self, String... members) {
        return FleetRing.of(List.of(members)).positionOf(self).orElseThrow();
    }
}
