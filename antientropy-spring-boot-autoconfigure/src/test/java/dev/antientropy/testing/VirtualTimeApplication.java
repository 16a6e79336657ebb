package dev.antientropy.testing;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A whole application, auto-configured from the test class path (Actuator, web MVC, Micrometer with
 * Prometheus, observation, health), with one syncer {@code catalog} over a {@link ScriptedSyncState}, run in
 * virtual time ({@link VirtualTimeConfiguration}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(VirtualTimeConfiguration.class)
public class VirtualTimeApplication {

    @Bean
    ScriptedSyncState catalog() {
        return new ScriptedSyncState();
    }
}
