package dev.antientropy.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

import dev.antientropy.actuate.AntiEntropyEndpoint;
import dev.antientropy.actuate.AntiEntropyEndpointRuntimeHints;
import dev.antientropy.actuate.AntiEntropyEndpointWebExtension;

/**
 * Auto-configuration of the {@code antientropy} Actuator endpoint, when Actuator is present, there are syncers,
 * and the endpoint is available (its access is not {@code none} and it is exposed over HTTP or JMX). It is read
 * only by default: {@code management.endpoint.antientropy.access=unrestricted} allows the write operation, and
 * {@code management.endpoints.web.exposure.include=antientropy} exposes it over HTTP. The endpoint publishes its
 * audit events to the context, where Boot's {@code AuditListener} stores them when there is an
 * {@code AuditEventRepository}.
 */
@AutoConfiguration(after = AntiEntropyAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(StateSyncers.class)
@ConditionalOnAvailableEndpoint(AntiEntropyEndpoint.class)
@ImportRuntimeHints(AntiEntropyEndpointRuntimeHints.class)
public final class AntiEntropyEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AntiEntropyEndpoint antiEntropyEndpoint(StateSyncers syncers, ApplicationEventPublisher publisher) {
        return new AntiEntropyEndpoint(syncers.asMap(), publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(AntiEntropyEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    AntiEntropyEndpointWebExtension antiEntropyEndpointWebExtension(AntiEntropyEndpoint endpoint) {
        return new AntiEntropyEndpointWebExtension(endpoint);
    }
}
