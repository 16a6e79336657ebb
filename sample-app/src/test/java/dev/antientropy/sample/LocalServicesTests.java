package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.antientropy.sample.LocalServices.Outcome;
import dev.antientropy.sample.LocalServices.Snapshot;

class LocalServicesTests {

    private final LocalServices local = new LocalServices();

    @Test
    void registeringTheSameServiceAgainChangesNothing() {
        local.register(service("web", 80));
        local.pushed(local.takeChanges());

        assertThat(local.register(service("web", 80))).isEqualTo(Outcome.UNCHANGED);
        assertThat(local.pendingIds()).isEmpty();
    }

    @Test
    void registrationTellsCreatedFromUpdated() {
        assertThat(local.register(service("web", 80))).isEqualTo(Outcome.CREATED);
        assertThat(local.register(service("web", 81))).isEqualTo(Outcome.UPDATED);
    }

    @Test
    void takeChangesSplitsUpsertsFromTombstonesAndClearsThem() {
        local.register(service("web", 80));
        local.register(service("api", 81));
        local.pushed(local.takeChanges());
        local.register(service("web", 8080));
        local.deregister("api");

        Snapshot changes = local.takeChanges();

        assertThat(changes.services()).containsExactly(service("web", 8080));
        assertThat(changes.deletes()).containsExactly("api");
        assertThat(changes.taken()).containsExactlyInAnyOrder("web", "api");
        local.pushed(changes);
        assertThat(local.pendingIds()).isEmpty();
    }

    @Test
    void anEditMadeWhileAPushRunsStaysPending() {
        local.register(service("web", 80));
        Snapshot inFlight = local.takeChanges();

        local.register(service("web", 81));

        assertThat(inFlight.services()).containsExactly(service("web", 80));
        assertThat(local.pendingIds()).containsExactly("web");
    }

    @Test
    void takeAllTakesEveryServiceAndThePendingIds() {
        local.register(service("web", 80));
        local.pushed(local.takeChanges());
        local.register(service("api", 81));

        Snapshot all = local.takeAll();

        assertThat(all.services()).containsExactly(service("web", 80), service("api", 81));
        assertThat(all.taken()).containsExactly("api");
        local.pushed(all);
        assertThat(local.pendingIds()).isEmpty();
    }

    @Test
    void idsTakenByASyncInFlightStillCountAsPending() {
        local.register(service("web", 80));

        Snapshot inFlight = local.takeChanges();

        assertThat(local.pendingIds()).containsExactly("web");
        local.pushed(inFlight);
        assertThat(local.pendingIds()).isEmpty();
    }

    @Test
    void aFailedSyncGivesItsIdsBackForTheNextOne() {
        local.register(service("web", 80));
        local.failed(local.takeChanges());

        Snapshot retry = local.takeChanges();

        assertThat(retry.services()).containsExactly(service("web", 80));
    }

    @Test
    void deregisteringAnUnknownServiceLeavesNothingPending() {
        assertThat(local.deregister("nope")).isFalse();
        assertThat(local.pendingIds()).isEmpty();
    }

    private static ServiceRegistration service(String id, int port) {
        return new ServiceRegistration(id, id, "localhost", port, List.of());
    }
}
