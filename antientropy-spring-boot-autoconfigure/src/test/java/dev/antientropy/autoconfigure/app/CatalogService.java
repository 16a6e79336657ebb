package dev.antientropy.autoconfigure.app;

import dev.antientropy.StateSyncer;

/** Changes the local catalog and tells its syncer, as an application does. */
public class CatalogService {

    private final CatalogState catalog;
    private final StateSyncer syncer;

    CatalogService(CatalogState catalog, StateSyncer syncer) {
        this.catalog = catalog;
        this.syncer = syncer;
    }

    public void register(String service, String address) {
        catalog.put(service, address);
        syncer.triggerSyncChanges();
    }
}
