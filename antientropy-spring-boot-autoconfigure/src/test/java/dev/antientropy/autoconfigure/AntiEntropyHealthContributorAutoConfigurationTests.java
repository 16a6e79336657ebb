package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.actuate.AntiEntropyHealthContributor;

class AntiEntropyHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                AntiEntropyHealthContributorAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void makesTheContributorNamedAntientropyWithOneIndicatorPerSyncer() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(AntiEntropyHealthContributor.class)
                .hasBean("antientropyHealthContributor");
            assertThat(context.getBean(AntiEntropyHealthContributor.class).stream()
                .map(HealthContributors.Entry::name)).containsExactly("catalog");
        });
    }

    @Test
    void perSyncerThresholdReachesTheIndicator() {
        contextRunner.withPropertyValues("antientropy.health.max-consecutive-failures=3",
                "antientropy.syncers.catalog.health.max-consecutive-failures=5").run((context) -> {
                    assertThat(context).hasNotFailed();
                    HealthIndicator catalog = (HealthIndicator) context.getBean(AntiEntropyHealthContributor.class)
                        .getContributor("catalog");
                    assertThat(catalog.health().getDetails()).containsEntry("maxConsecutiveFailures", 5);
                });
    }

    @Test
    void disabledByPropertyMakesNothing() {
        contextRunner.withPropertyValues("management.health.antientropy.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AntiEntropyHealthContributor.class);
        });
    }

    @Test
    void theSwitchIsDocumentedInTheMetadata() throws Exception {
        List<Map<String, Object>> found = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                found.addAll(JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "$.properties[?(@.name == 'management.health.antientropy.enabled')]"));
            }
        }
        assertThat(found).singleElement()
            .satisfies((property) -> assertThat(property).containsEntry("defaultValue", true)
                .containsEntry("type", "java.lang.Boolean"));
    }

    @Test
    void disabledDefaultsMakeNothing() {
        contextRunner.withPropertyValues("management.health.defaults.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AntiEntropyHealthContributor.class);
        });
    }

    @Test
    void withoutSyncersMakesNothing() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyHealthContributorAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(AntiEntropyHealthContributor.class);
            });
    }

    @Test
    void withoutBootHealthMakesNothingAndTheSyncersStillRun() {
        contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StateSyncers.class).doesNotHaveBean(AntiEntropyHealthContributor.class);
        });
    }

    @Test
    void aContributorOfTheSameNameWins() {
        HealthIndicator own = () -> Health.up().build();
        contextRunner.withBean("antientropyHealthContributor", HealthIndicator.class, () -> own).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AntiEntropyHealthContributor.class);
            assertThat(context).getBean("antientropyHealthContributor").isSameAs(own);
        });
    }

    @Test
    void anIndicatorOfTheSameNameWins() {
        HealthIndicator own = () -> Health.up().build();
        contextRunner.withBean("antientropyHealthIndicator", HealthIndicator.class, () -> own).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AntiEntropyHealthContributor.class);
            assertThat(context).getBean("antientropyHealthIndicator").isSameAs(own);
        });
    }
}
