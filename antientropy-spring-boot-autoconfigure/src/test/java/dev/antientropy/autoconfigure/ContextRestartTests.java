package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.management.MBeanServer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.TimeGauge;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import dev.antientropy.StateSyncer;

/**
 * A context stopped and started a hundred times, and a hundred whole contexts made and closed: the syncers'
 * threads, the meters and gauges, and the MBeans (the endpoint exported over JMX) come back to where they
 * started every time, so a platform that restarts contexts (a refresh scope, a test suite, a devtools restart)
 * leaks nothing. Two syncers run on their own real threads; the syncs they do are instant.
 */
class ContextRestartTests {

    private static final int TIMES = 100;

    /** Longest wait for a thread that was told to end (close waits for it; this is slack for the JVM). */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
                JmxEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, AntiEntropyAutoConfiguration.class,
                AntiEntropyMetricsAutoConfiguration.class, AntiEntropyEndpointAutoConfiguration.class))
        .withPropertyValues("spring.jmx.enabled=true", "spring.jmx.unique-names=true",
                "management.endpoints.jmx.exposure.include=*")
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new)
        .withBean("inventory", RecordingSyncState.class, RecordingSyncState::new);

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    /**
     * The {@code antientropy-*} threads alive before this test: other test classes' cached contexts may keep
     * theirs (a keep-alive, a syncer) for the life of the JVM; the counts here are of this test's own.
     */
    private final Set<Thread> foreignThreads = Thread.getAllStackTraces().keySet().stream()
        .filter((thread) -> thread.getName().startsWith("antientropy-"))
        .collect(Collectors.toSet());

    @Test
    void stoppingAndStartingTheContextHundredTimesLeavesThreadsMetersAndMBeansAsTheyWere() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Counts running = counts(registry);
            assertThat(running.syncerThreads()).as("two syncer threads and the keep-alive").isEqualTo(3);
            assertThat(running.antientropyMeters()).isPositive();
            assertThat(running.gauges()).isPositive();
            assertThat(mbeanNames()).anyMatch((name) -> name.contains("name=Antientropy"));
            Map<String, Long> threadsWhenRunning = threadNames();
            System.out.println("restart: running " + running + ", live threads " + liveThreads());
            int liveWhenRunning = liveThreads();

            for (int i = 0; i < TIMES; i++) {
                context.stop();
                assertThat(context.getBeansOfType(StateSyncer.class).values()).allMatch(StateSyncer::isPaused);
                context.start();
                assertThat(context.getBeansOfType(StateSyncer.class).values()).noneMatch(StateSyncer::isPaused);
                int round = i;
                await().atMost(BOUND).pollInSameThread().untilAsserted(() -> {
                    assertThat(newThreads(threadsWhenRunning)).as("threads left by round %d", round).isEmpty();
                    assertThat(liveThreads()).as("live threads after round %d", round).isLessThanOrEqualTo(liveWhenRunning);
                    assertThat(counts(registry)).as("after round %d", round).isEqualTo(running);
                });
            }
        });
    }

    @Test
    void makingAndClosingHundredContextsLeavesThreadsMetersAndMBeansAsTheyWere() {
        Map<String, Long> threadsBefore = threadNames();
        int liveBefore = liveThreads();
        int mbeansBefore = mbeans.getMBeanCount();
        int globalMetersBefore = Metrics.globalRegistry.getMeters().size();
        Counts[] first = new Counts[1];

        for (int i = 0; i < TIMES; i++) {
            int round = i;
            contextRunner.run((context) -> {
                assertThat(context).hasNotFailed();
                Counts counts = counts(context.getBean(MeterRegistry.class));
                if (first[0] == null) {
                    first[0] = counts;
                    System.out.println("contexts: before " + mbeansBefore + " MBeans, " + liveBefore
                            + " live threads, " + globalMetersBefore + " global meters; first context " + counts);
                    assertThat(counts.syncerThreads()).isEqualTo(3);
                    assertThat(counts.mbeans()).isGreaterThan(mbeansBefore);
                }
                assertThat(counts).as("while context %d runs", round).isEqualTo(first[0]);
                assertThat(((ConfigurableApplicationContext) context).isRunning()).isTrue();
            });
            await().atMost(BOUND).pollInSameThread().untilAsserted(() -> {
                assertThat(newThreads(threadsBefore)).as("threads left by context %d", round).isEmpty();
                assertThat(liveThreads()).as("live threads after context %d", round).isLessThanOrEqualTo(liveBefore);
                assertThat(mbeans.getMBeanCount()).as("MBeans after context %d", round).isEqualTo(mbeansBefore);
                assertThat(Metrics.globalRegistry.getMeters()).as("global meters after context %d", round)
                    .hasSize(globalMetersBefore);
            });
        }
    }

    private Counts counts(MeterRegistry registry) {
        int syncerThreads = (int) Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> thread.getName().startsWith("antientropy-"))
            .filter((thread) -> !foreignThreads.contains(thread))
            .count();
        int antientropyMeters = (int) registry.getMeters().stream()
            .filter((meter) -> meter.getId().getName().startsWith("antientropy."))
            .count();
        int gauges = (int) registry.getMeters().stream()
            .filter((meter) -> meter instanceof Gauge || meter instanceof TimeGauge)
            .count();
        return new Counts(syncerThreads, registry.getMeters().size(), antientropyMeters, gauges,
                mbeans.getMBeanCount());
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live threads by name, with how many of each name there are. */
    private static Map<String, Long> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .collect(Collectors.groupingBy(Thread::getName, TreeMap::new, Collectors.counting()));
    }

    /**
     * Live threads beyond those of the given census, by name: a name not alive then, or more of it than then. By
     * name, not by identity: a stop ends the keep-alive thread and the next start makes a new one of the same
     * name, which is no leak; and precise where a bare count is not (a thread of the JVM's own that ends
     * meanwhile lowers the count and could hide a leak).
     */
    private static Map<String, Long> newThreads(Map<String, Long> before) {
        Map<String, Long> extra = new TreeMap<>();
        threadNames().forEach((name, count) -> {
            long more = count - before.getOrDefault(name, 0L);
            if (more > 0) {
                extra.put(name, more);
            }
        });
        return extra;
    }

    private Set<String> mbeanNames() {
        return mbeans.queryNames(null, null).stream().map(Object::toString).collect(Collectors.toSet());
    }

    /**
     * What is counted.
     *
     * @param syncerThreads live threads named {@code antientropy-*}
     * @param meters every meter of the context's registry
     * @param antientropyMeters the {@code antientropy.*} meters
     * @param gauges the gauges and time gauges
     * @param mbeans every MBean of the platform server
     */
    record Counts(int syncerThreads, int meters, int antientropyMeters, int gauges, int mbeans) {
    }

}
