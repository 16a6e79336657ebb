package dev.antientropy.sample;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link NodeEndToEndTests} against a PostgreSQL database given by the environment, with nothing changed but
 * {@code spring.datasource.*}: the same SQL and schema as on H2. Run it with
 *
 * <pre>
 * SAMPLE_IT_JDBC_URL=jdbc:postgresql://localhost:5432/catalog SAMPLE_IT_JDBC_USER=sample \
 * SAMPLE_IT_JDBC_PASSWORD=sample ./mvnw -B -pl sample-app -am verify
 * </pre>
 *
 * The run creates the {@code catalog} table if missing and deletes only the rows of its own node id.
 */
@EnabledIfEnvironmentVariable(named = "SAMPLE_IT_JDBC_URL", matches = ".+",
        disabledReason = "no PostgreSQL given: set SAMPLE_IT_JDBC_URL (and SAMPLE_IT_JDBC_USER, "
                + "SAMPLE_IT_JDBC_PASSWORD) to run the end-to-end test against one")
class PostgresNodeEndToEndTests extends NodeEndToEndTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("SAMPLE_IT_JDBC_URL"));
        registry.add("spring.datasource.username", () -> env("SAMPLE_IT_JDBC_USER"));
        registry.add("spring.datasource.password", () -> env("SAMPLE_IT_JDBC_PASSWORD"));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
