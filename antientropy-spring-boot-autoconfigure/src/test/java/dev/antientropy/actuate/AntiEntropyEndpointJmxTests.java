package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import java.util.Set;

import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.antientropy.StateSyncer;
import dev.antientropy.testing.VirtualTimeApplication;
import dev.antientropy.test.ManualSyncScheduler;

/** The same endpoint over JMX, as Actuator exposes it with {@code spring.jmx.enabled=true}. */
@SpringBootTest(classes = VirtualTimeApplication.class,
        properties = { "spring.jmx.enabled=true", "spring.jmx.unique-names=true",
                "management.endpoints.jmx.exposure.include=antientropy",
                "management.endpoint.antientropy.access=unrestricted" })
class AntiEntropyEndpointJmxTests {

    private static final String[] NAME = { String.class.getName() };

    private static final String[] NAME_AND_ACTION = { String.class.getName(), String.class.getName() };

    @Autowired
    private MBeanServer server;

    @Autowired
    private ManualSyncScheduler scheduler;

    @Autowired
    private StateSyncer catalog;

    private ObjectName endpoint;

    @BeforeEach
    void findTheEndpointsMBean() throws Exception {
        scheduler.runDue();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Antientropy,*"), null);
        assertThat(names).hasSize(1);
        endpoint = names.iterator().next();
    }

    @Test
    void readsEverySyncer() throws Exception {
        Map<?, ?> body = (Map<?, ?>) server.invoke(endpoint, "syncers", new Object[0], new String[0]);

        Map<?, ?> status = (Map<?, ?>) ((Map<?, ?>) body.get("syncers")).get("catalog");
        assertThat(status.get("state")).isEqualTo("PARTIAL_SYNC");
        assertThat(status.get("paused")).isEqualTo(false);
        assertThat(((Map<?, ?>) status.get("lastFullSync")).get("outcome")).isEqualTo("success");
    }

    @Test
    void readsOneSyncer() throws Exception {
        Map<?, ?> status = (Map<?, ?>) server.invoke(endpoint, "syncer", new Object[] { "catalog" }, NAME);

        assertThat(status.get("name")).isEqualTo("catalog");
        assertThat(server.invoke(endpoint, "syncer", new Object[] { "nope" }, NAME)).isNull();
    }

    @Test
    void pausesAndResumes() throws Exception {
        Map<?, ?> paused = (Map<?, ?>) server.invoke(endpoint, "act", new Object[] { "catalog", "pause" },
                NAME_AND_ACTION);
        assertThat(paused.get("pauseDepth")).isEqualTo(1);
        assertThat(catalog.isPaused()).isTrue();

        Map<?, ?> resumed = (Map<?, ?>) server.invoke(endpoint, "act", new Object[] { "catalog", "resume" },
                NAME_AND_ACTION);
        assertThat(resumed.get("pauseDepth")).isEqualTo(0);
        assertThat(catalog.isPaused()).isFalse();
    }

    @Test
    void refusedResumeThrowsWithTheMessageAndChangesNothing() {
        assertThatExceptionOfType(MBeanException.class)
            .isThrownBy(() -> server.invoke(endpoint, "act", new Object[] { "catalog", "resume" }, NAME_AND_ACTION))
            .havingCause()
            .withMessage("syncer 'catalog' is not paused; nothing changed");
        assertThat(catalog.status().pauseDepth()).isZero();
    }

    @Test
    void unknownActionIsAnInvalidRequest() {
        assertThatExceptionOfType(ReflectionException.class)
            .isThrownBy(() -> server.invoke(endpoint, "act", new Object[] { "catalog", "explode" }, NAME_AND_ACTION))
            .havingCause()
            .withMessageContaining("unknown action 'explode'");
    }
}
