package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.test.VirtualSyncTime;

/**
 * The README's example of a Spring Boot test in virtual time ("Testing your SyncState"), run as written: the
 * sample's own timing (a 30 s interval), the whole application, no wait.
 */
// tag::virtual-sync-time-example[]
@SpringBootTest(properties = { "sample.node-id=node-vt", "sample.services-file=",
        "spring.datasource.url=jdbc:h2:mem:catalog-vt" })
@VirtualSyncTime
class CatalogSyncTests {

    @Autowired
    ManualSyncScheduler scheduler;            // the clock and thread of every syncer of the context

    @Autowired
    NodeAgent node;

    @Autowired
    RemoteOutage outage;

    @Autowired
    CatalogView catalog;

    @Test
    void aServiceWhosePushFailedIsInTheCatalogAfterTheNextFullSync() {
        scheduler.runDue();                               // the first full sync, on this thread
        outage.start();
        node.register(new ServiceRegistration("web-1", "web", "10.0.0.1", 8080, List.of()));
        scheduler.runDue();                               // the partial sync the edit requested: it fails
        outage.end();
        assertThat(catalog.rows("node-vt")).isEmpty();

        scheduler.advance(Duration.ofSeconds(30));        // one interval: the periodic full sync
        assertThat(catalog.rows("node-vt")).extracting(CatalogRow::serviceId).containsExactly("web-1");
    }
}
// end::virtual-sync-time-example[]
