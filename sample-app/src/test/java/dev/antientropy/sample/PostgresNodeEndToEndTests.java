package dev.antientropy.sample;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link NodeEndToEndTests} against a real PostgreSQL server ({@link PostgresServer}, started for this class and
 * deleted after it), with nothing changed but {@code spring.datasource.*}: the same SQL and schema as on H2.
 * Always runs: the server's binaries come from Maven Central with the test dependencies.
 */
@DirtiesContext
class PostgresNodeEndToEndTests extends NodeEndToEndTests {

    private static final PostgresServer postgres = PostgresServer.start();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
    }

    @Override
    @AfterAll
    void removeThisRunsRows() {
        try {
            super.removeThisRunsRows();
        }
        finally {
            postgres.close();
        }
    }
}
