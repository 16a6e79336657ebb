package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.actuate.AntiEntropyEndpoint;
import dev.antientropy.actuate.AntiEntropyEndpointWebExtension;

class AntiEntropyEndpointAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                AntiEntropyEndpointAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void exposedOverHttpMakesTheEndpointAndItsWebExtension() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=antientropy").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(AntiEntropyEndpoint.class)
                .hasSingleBean(AntiEntropyEndpointWebExtension.class);
            assertThat(context.getBean(AntiEntropyEndpoint.class).syncers().syncers()).containsOnlyKeys("catalog");
        });
    }

    @Test
    void notExposedMakesNothing() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AntiEntropyEndpoint.class)
                .doesNotHaveBean(AntiEntropyEndpointWebExtension.class);
        });
    }

    @Test
    void accessNoneMakesNothingEvenWhenExposed() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=antientropy",
                "management.endpoint.antientropy.access=NONE").run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(AntiEntropyEndpoint.class);
                });
    }

    @Test
    void exposedOverJmxOnlyMakesTheEndpointWithoutTheWebExtension() {
        contextRunner.withPropertyValues("spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=antientropy").run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(AntiEntropyEndpoint.class)
                        .doesNotHaveBean(AntiEntropyEndpointWebExtension.class);
                });
    }

    @Test
    void withoutSyncersMakesNothing() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=antientropy")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(StateSyncers.class).doesNotHaveBean(AntiEntropyEndpoint.class);
            });
    }

    @Test
    void disabledStarterMakesNothing() {
        contextRunner.withPropertyValues("antientropy.enabled=false",
                "management.endpoints.web.exposure.include=antientropy").run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(AntiEntropyEndpoint.class);
                });
    }

    @Test
    void withoutActuatorMakesNothingAndTheSyncersStillRun() {
        contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
            .withPropertyValues("management.endpoints.web.exposure.include=antientropy")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(StateSyncers.class).doesNotHaveBean(AntiEntropyEndpoint.class);
            });
    }

    @Test
    void anEndpointOfTheApplicationsOwnWins() {
        AntiEntropyEndpoint own = new AntiEntropyEndpoint(Map.of());
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=antientropy")
            .withBean("myEndpoint", AntiEntropyEndpoint.class, () -> own)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).getBean(AntiEntropyEndpoint.class).isSameAs(own);
            });
    }
}
