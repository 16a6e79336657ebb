package dev.antientropy.bench.rehearsal.node;

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
 * The node application's management paths as the sample app secures them: reads (health, the Prometheus scrape,
 * the endpoint's status) are open, every write ({@code POST /actuator/antientropy/rows}: pause, resume, syncs)
 * needs HTTP basic credentials of a user with role {@code OPERATOR} ({@code spring.security.user.*} in
 * {@code application-node.yml}; run.sh pauses a node with them). CSRF is off: no browser session carries
 * credentials, every write sends its own.
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
