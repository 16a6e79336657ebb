package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the {@code META-INF/spring-configuration-metadata.json} that the configuration processor wrote for
 * {@link AntiEntropyProperties}: what an IDE shows for each {@code antientropy.*} key.
 */
class ConfigurationMetadataTests {

    private static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Map<String, Object>> properties;

    @BeforeAll
    static void readMetadata() throws IOException {
        properties = new LinkedHashMap<>();
        for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                List<Map<String, Object>> all = JsonPath.read(json, "$.properties[*]");
                all.stream()
                    .filter((property) -> ((String) property.get("name")).startsWith("antientropy."))
                    .forEach((property) -> properties.put((String) property.get("name"), property));
            }
        }
    }

    @Test
    void listsEveryProperty() {
        List<String> expected = new ArrayList<>(DEFAULTS.keySet());
        expected.add("antientropy.sync-timeout");
        expected.add("antientropy.syncers");
        expected.add("antientropy.cluster.service-id");
        expected.add("antientropy.cluster.instance-id");
        expected.add("antientropy.remote.service-id");
        assertThat(properties).containsOnlyKeys(expected);
    }

    @Test
    void everyPropertyHasAPlainOneSentenceDescription() {
        assertThat(properties.values()).allSatisfy((property) -> {
            assertThat((String) property.get("description")).as("description of %s", property.get("name"))
                .isNotBlank()
                .endsWith(".")
                .doesNotStartWith("The ")
                .doesNotContain("{@", "<");
        });
    }

    @Test
    void booleanDescriptionsStartWithWhether() {
        assertThat(properties.values()).filteredOn((property) -> "java.lang.Boolean".equals(property.get("type")))
            .isNotEmpty()
            .allSatisfy((property) -> assertThat((String) property.get("description")).startsWith("Whether"));
    }

    @Test
    void everyPropertyWithADefaultShowsIt() {
        DEFAULTS.forEach((name, value) -> assertThat(properties.get(name)).as(name)
            .containsEntry("defaultValue", value));
    }

    @Test
    void perSyncerOverridesAreAMapByName() {
        assertThat(properties.get("antientropy.syncers")).containsEntry("type",
                "java.util.Map<java.lang.String,dev.antientropy.autoconfigure.AntiEntropyProperties$Syncer>");
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("antientropy.enabled", true);
        defaults.put("antientropy.interval", "1m");
        defaults.put("antientropy.server-up-interval", "3s");
        defaults.put("antientropy.retry-fail-interval", "15s");
        defaults.put("antientropy.scale-threshold", 128);
        defaults.put("antientropy.cluster-size", 1);
        defaults.put("antientropy.startup-stagger", "0s");
        defaults.put("antientropy.retry-backoff.multiplier", 1);
        defaults.put("antientropy.retry-backoff.max-interval", "5m");
        defaults.put("antientropy.health.max-consecutive-failures", 0);
        defaults.put("antientropy.lifecycle.phase", Integer.MAX_VALUE);
        defaults.put("antientropy.cluster.refresh-interval", "30s");
        defaults.put("antientropy.spread", "random");
        return defaults;
    }
}
