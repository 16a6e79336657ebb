package dev.antientropy.sample;

import org.springframework.test.context.TestPropertySource;

/** {@link NodeEndToEndTests} against an in-memory H2 database of its own. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:catalog-e2e;DB_CLOSE_DELAY=-1")
class H2NodeEndToEndTests extends NodeEndToEndTests {
}
