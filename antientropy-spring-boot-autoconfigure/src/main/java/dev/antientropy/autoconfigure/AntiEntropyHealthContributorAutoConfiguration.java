package dev.antientropy.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.antientropy.actuate.AntiEntropyHealthContributor;

/**
 * Auto-configuration of the {@code antientropy} health contributor, one indicator per syncer under it
 * ({@code antientropy/NAME}), when Spring Boot's health support is present, there are syncers, and
 * {@code management.health.antientropy.enabled} is not {@code false}. It joins the default health group only; add
 * it, or one syncer of it, to a probe group yourself if you want a dead syncer to fail readiness (the liveness
 * group never includes it by default, so a remote outage cannot restart the application).
 */
@AutoConfiguration(after = AntiEntropyAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(StateSyncers.class)
@ConditionalOnEnabledHealthIndicator("antientropy")
public final class AntiEntropyHealthContributorAutoConfiguration {

    // Either bean name gives the contributor name antientropy: a user's bean of either name replaces this one.
    @Bean
    @ConditionalOnMissingBean(name = { "antientropyHealthContributor", "antientropyHealthIndicator" })
    AntiEntropyHealthContributor antientropyHealthContributor(StateSyncers syncers,
            AntiEntropyProperties properties) {
        return new AntiEntropyHealthContributor(syncers.asMap(), syncers::isRunning,
                properties::maxConsecutiveFailures);
    }
}
