package dev.antientropy.sample;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * How to secure the antientropy endpoint: reads of the management paths stay open (status, health, metrics, the
 * Prometheus scrape), while every write, such as {@code POST /actuator/antientropy/{name}} (sync-full,
 * sync-changes, pause, resume), needs HTTP basic credentials of a user with role {@code OPERATOR}. The user
 * comes from Boot's {@code spring.security.user.*} properties (see {@code application.yml}). The node's own
 * API under {@code /api} stays open, like Consul's local agent API.
 *
 * <p>CSRF protection is off on both chains: no browser session or cookie carries credentials here; every write
 * to the management paths sends its basic credentials itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests((requests) -> requests
                .requestMatchers(HttpMethod.GET).permitAll()
                .requestMatchers(HttpMethod.HEAD).permitAll()
                .anyRequest().hasRole("OPERATOR"))
            .httpBasic(Customizer.withDefaults())
            .csrf((csrf) -> csrf.disable())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
            .csrf((csrf) -> csrf.disable())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
