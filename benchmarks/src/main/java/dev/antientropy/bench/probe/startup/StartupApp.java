package dev.antientropy.bench.probe.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.antientropy.SyncState;

/**
 * The smallest Spring Boot application with a {@link SyncState} bean, for {@code benchmarks/startup/time-startup.sh}:
 * started once with the starter's auto-configuration on the class path and once without it (the only
 * difference), it starts, runs its first (no-op) full sync when the starter is there, and closes at once.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class StartupApp {

    @Bean
    SyncState catalog() {
        return () -> {
        };
    }

    public static void main(String[] args) {
        SpringApplication.run(StartupApp.class, args).close();
    }
}
