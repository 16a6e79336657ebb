package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

/**
 * The README's configuration table (the first table after {@code <!-- configuration-table -->}) against the
 * configuration metadata that the build generates: one row per key, with the key's default, and no row for a key
 * that does not exist. A key whose value is a map by name ({@code antientropy.syncers}) is shown as one row per
 * property of the map's value, {@code antientropy.syncers.NAME.PROPERTY}.
 */
class ReadmeConfigurationTests {

    private static final String MARKER = "<!-- configuration-table -->";

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*) \\|.*\\|$");

    private static final Pattern MAP_TYPE = Pattern.compile("java\\.util\\.Map<java\\.lang\\.String,([\\w.$]+)>");

    private static Map<String, Map<String, Object>> metadata;

    private static Map<String, String> readme;

    @BeforeAll
    static void read() throws IOException {
        metadata = new LinkedHashMap<>();
        for (URL url : Collections.list(ReadmeConfigurationTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                List<Map<String, Object>> all = JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "$.properties[*]");
                all.stream()
                    .filter((property) -> isOurs((String) property.get("name")))
                    .forEach((property) -> metadata.put((String) property.get("name"), property));
            }
        }
        readme = table();
    }

    @Test
    void everyKeyHasARow() {
        assertThat(readme.keySet()).as("rows of the README's configuration table").containsAll(expectedRows());
    }

    @Test
    void everyRowIsAKey() {
        assertThat(expectedRows()).as("keys in the configuration metadata").containsAll(readme.keySet());
    }

    @Test
    void everyRowShowsTheDefault() {
        metadata.values().stream().filter((property) -> !isMap(property)).forEach((property) -> {
            String name = (String) property.get("name");
            String shown = readme.get(name);
            assertThat(shown).as("README row of %s", name).isNotNull();
            Object expected = property.get("defaultValue");
            if (expected == null) {
                assertThat(shown).as("default of %s (the metadata has none)", name).doesNotStartWith("`");
            }
            else {
                assertThat(shown).as("default of %s", name).startsWith("`").endsWith("`");
                assertThat(sameValue(shown.substring(1, shown.length() - 1), expected))
                    .as("default of %s: README %s, metadata %s", name, shown, expected)
                    .isTrue();
            }
        });
    }

    @Test
    void theMetadataWasRead() {
        assertThat(metadata).containsKeys("antientropy.enabled", "antientropy.interval", "antientropy.syncers");
    }

    private static boolean isOurs(String name) {
        return name.startsWith("antientropy.") || name.contains(".antientropy.");
    }

    private static boolean isMap(Map<String, Object> property) {
        return property.get("type") instanceof String type && MAP_TYPE.matcher(type).matches();
    }

    /** The keys the table must show: every plain key, and NAME.PROPERTY for every property of a map's value. */
    private static Set<String> expectedRows() {
        Set<String> rows = new TreeSet<>();
        metadata.values().forEach((property) -> {
            String name = (String) property.get("name");
            if (isMap(property)) {
                Matcher map = MAP_TYPE.matcher((String) property.get("type"));
                map.matches();
                addProperties(rows, name + ".NAME", load(map.group(1)));
            }
            else {
                rows.add(name);
            }
        });
        return rows;
    }

    private static void addProperties(Set<String> rows, String prefix, Class<?> type) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            Class<?> propertyType = descriptor.getPropertyType();
            String key = prefix + "." + kebab(descriptor.getName());
            if (descriptor.getWriteMethod() == null && propertyType.getName().startsWith("dev.antientropy.")) {
                addProperties(rows, key, propertyType);
            }
            else {
                rows.add(key);
            }
        }
    }

    private static Class<?> load(String name) {
        try {
            return ClassUtils.forName(name, ReadmeConfigurationTests.class.getClassLoader());
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean sameValue(String shown, Object expected) {
        if (expected instanceof Number number) {
            try {
                return new BigDecimal(shown).compareTo(new BigDecimal(number.toString())) == 0;
            }
            catch (NumberFormatException ex) {
                return false;
            }
        }
        // An enum's default is its constant (read_only); the README writes it as a property value (read-only).
        return shown.equals(String.valueOf(expected)) || shown.replace('-', '_').equalsIgnoreCase(String.valueOf(expected));
    }

    /** The README's configuration table: key to the default cell, as written. */
    private static Map<String, String> table() {
        List<String> lines = Readme.lines();
        int start = lines.indexOf(MARKER);
        assertThat(start).as("%s in README.md", MARKER).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        int i = start + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (row.matches()) {
                String previous = rows.put(row.group(1), row.group(2).strip());
                assertThat(previous).as("README row %s twice", row.group(1)).isNull();
            }
        }
        assertThat(rows).as("rows after %s", MARKER).isNotEmpty();
        return rows;
    }
}
