package dev.antientropy.bench.soak;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The application the soak runs in process: Spring MVC, Actuator and the starter, with one {@link FlappingState}
 * bean named {@code soak} (so the starter creates the syncer {@code soak}). {@link SoakRun} sets its properties.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SoakApp {

    @Bean
    FlappingState soak(Environment environment) {
        return new FlappingState(environment.getRequiredProperty("soak.seed", Long.class),
                environment.getRequiredProperty("soak.failure-share", Double.class),
                environment.getRequiredProperty("soak.full-call-micros", Long.class) * 1_000,
                environment.getRequiredProperty("soak.changes-call-micros", Long.class) * 1_000);
    }
}
