package dev.antientropy.readme;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import dev.antientropy.StateSyncer;

// tag::quick-start-trigger[]
@Service
class Registrations {

    private final LocalCatalog local;
    private final StateSyncer syncer;

    Registrations(LocalCatalog local, @Qualifier("catalog") StateSyncer syncer) {
        this.local = local;
        this.syncer = syncer;
    }

    void register(ServiceEntry entry) {
        local.add(entry);
        syncer.triggerSyncChanges();   // never blocks; many calls in a row make one partial sync
    }
}
// end::quick-start-trigger[]
