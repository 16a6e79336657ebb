package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a person reads when the configuration is wrong: Boot's "APPLICATION FAILED TO START" report. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

    @Test
    void invalidValueIsReportedWithItsFullKeyValueAndRule(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--antientropy.syncers.catalog.interval=0s"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Property: antientropy.syncers.catalog.interval")
            .contains("Value: \"0s\"")
            .contains("'interval' must be positive");
    }

    @Test
    void maxRetryIntervalBelowTheRetryIntervalIsReportedNamingBoth(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--antientropy.retry-fail-interval=1m",
                "--antientropy.syncers.catalog.retry-backoff.max-interval=30s"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("'antientropy.syncers.catalog.retry-backoff.max-interval' (30s) must not be below "
                    + "'antientropy.retry-fail-interval' (1m)")
            .contains("Correct the antientropy.* properties");
    }

    @Test
    void unknownSyncerNamesAreReportedAllAtOnce(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--antientropy.syncers.catalgo.interval=2m",
                "--antientropy.syncers.members.enabled=false"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("- antientropy.syncers.catalgo: there is no SyncState bean named 'catalgo' "
                    + "(SyncState beans: [catalog])")
            .contains("- antientropy.syncers.members: there is no SyncState bean named 'members'");
    }

    private static void run(String... args) {
        new SpringApplicationBuilder(CatalogApplication.class).web(WebApplicationType.NONE).run(args).close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class CatalogApplication {

        @Bean
        RecordingSyncState catalog() {
            return new RecordingSyncState();
        }
    }
}
