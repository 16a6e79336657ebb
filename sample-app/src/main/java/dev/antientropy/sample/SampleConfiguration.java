package dev.antientropy.sample;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.StateSyncer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the node: local state, the catalog table behind the fault switch, and the {@code catalog}
 * {@link dev.antientropy.SyncState} bean, from which the starter makes the {@link StateSyncer} named
 * {@code catalog} (bean {@code catalogStateSyncer}, qualifier {@code catalog}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleProperties.class)
class SampleConfiguration {

    @Bean
    RemoteOutage remoteOutage() {
        return new RemoteOutage();
    }

    @Bean
    ServicesFile servicesFile(SampleProperties properties, JsonMapper json) {
        String file = properties.servicesFile();
        return new ServicesFile(file == null ? null : Path.of(file), json);
    }

    @Bean
    LocalServices localServices(ServicesFile file) {
        LocalServices local = new LocalServices();
        file.load().forEach(local::register);
        return local;
    }

    @Bean
    CatalogTable catalogTable(JdbcClient jdbc, SampleProperties properties, RemoteOutage outage) {
        return new CatalogTable(jdbc, properties.nodeId(), outage);
    }

    /** The state to mirror. Its bean name, {@code catalog}, names the syncer, its meters and endpoint path. */
    @Bean
    CatalogSyncState catalog(LocalServices local, CatalogTable table, TransactionOperations transactions) {
        return new CatalogSyncState(local, table, transactions);
    }

    /**
     * The cluster size that stretches the syncer's delays: the nodes seen in the catalog at the last full sync.
     * Cheap (no I/O), as the syncer reads it before every delay.
     */
    @Bean
    ClusterSizeProvider clusterSizeProvider(CatalogSyncState catalog) {
        return catalog::nodeCount;
    }

    @Bean
    NodeAgent nodeAgent(LocalServices local, ServicesFile file, @Qualifier("catalog") StateSyncer syncer) {
        return new NodeAgent(local, file, syncer);
    }

    @Bean
    CatalogView catalogView(JdbcClient jdbc) {
        return new CatalogView(jdbc);
    }

    @Bean
    DriftInjector driftInjector(JdbcClient jdbc, SampleProperties properties) {
        return new DriftInjector(jdbc, properties.nodeId());
    }
}
