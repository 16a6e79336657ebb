package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.autoconfigure.AntiEntropyAutoConfiguration;
import dev.antientropy.autoconfigure.StateSyncers;
import dev.antientropy.testing.VirtualTimeConfiguration;

/**
 * What the README's "Environment variables" says: relaxed binding reaches a lowercase syncer name, Boot
 * lowercases a camelCase one (which then stops start-up), and {@code SPRING_APPLICATION_JSON} keeps the case.
 */
class EnvironmentVariablesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withUserConfiguration(VirtualTimeConfiguration.class);

    @Test
    void aLowercaseSyncerNameIsReachedFromAnEnvironmentVariable() {
        runner.withUserConfiguration(Catalog.class)
            .withInitializer((context) -> context.getEnvironment()
                .getPropertySources()
                .addFirst(environment(Map.of("ANTIENTROPY_SYNCERS_CATALOG_SYNCTIMEOUT", "20s"))))
            .run((context) -> assertThat(context.getBean(StateSyncers.class).get("catalog").settings().syncTimeout())
                .isEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    void aCamelCaseSyncerNameIsLowercasedAndStopsStartUp() {
        runner.withUserConfiguration(OrderCatalog.class)
            .withInitializer((context) -> context.getEnvironment()
                .getPropertySources()
                .addFirst(environment(Map.of("ANTIENTROPY_SYNCERS_ORDERCATALOG_SYNCTIMEOUT", "20s"))))
            .run((context) -> assertThat(context).getFailure().hasStackTraceContaining("ordercatalog"));
    }

    @Test
    void springApplicationJsonKeepsTheCase() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment(Map.of(
                    "SPRING_APPLICATION_JSON",
                    "{\"antientropy\":{\"syncers\":{\"orderCatalog\":{\"sync-timeout\":\"20s\"}}}}")));
        SpringApplication application = new SpringApplication(OrderCatalogApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(environment);
        try (ConfigurableApplicationContext context = application.run()) {
            StateSyncer syncer = context.getBean(StateSyncers.class).get("orderCatalog");
            assertThat(syncer.settings().syncTimeout()).isEqualTo(Duration.ofSeconds(20));
        }
    }

    private static SystemEnvironmentPropertySource environment(Map<String, Object> variables) {
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                variables);
    }

    @Configuration(proxyBeanMethods = false)
    static class Catalog {

        @Bean
        SyncState catalog() {
            return () -> { };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderCatalog {

        @Bean
        SyncState orderCatalog() {
            return () -> { };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(AntiEntropyAutoConfiguration.class)
    @Import({ OrderCatalog.class, VirtualTimeConfiguration.class })
    static class OrderCatalogApplication {
    }
}
