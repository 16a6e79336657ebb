package dev.antientropy.autoconfigure.app;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.antientropy.StateSyncer;

/**
 * A small application that uses the starter: a service catalog whose local entries are mirrored on a remote
 * registry by the syncer of its {@link CatalogState} bean.
 */
@SpringBootApplication
public class CatalogApplication {

    @Bean
    CatalogState catalog() {
        return new CatalogState();
    }

    @Bean
    CatalogService catalogService(CatalogState catalog, @Qualifier("catalog") StateSyncer syncer) {
        return new CatalogService(catalog, syncer);
    }
}
