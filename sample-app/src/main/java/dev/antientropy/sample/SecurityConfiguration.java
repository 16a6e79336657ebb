package dev.antientropy.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * How to secure the antientropy endpoint: reads of the management paths stay open (status, health, metrics, the
 * Prometheus scrape), while every write, such as {@code POST /actuator/antientropy/{name}} (sync-full,
 * sync-changes, pause, resume), needs HTTP basic credentials of a user with role {@code OPERATOR}; an
 * authenticated user without it (the {@code viewer}) is refused with 403. The audit trail
 * ({@code /actuator/auditevents}) names who did what, so reading it needs the operator too. The users come from
 * {@code sample.operator.*} and {@code sample.viewer.*} ({@link SampleProperties}; dev-only defaults in
 * {@code application.yml}, none in the {@code prod} profile). The node's own API under {@code /api} stays open,
 * like Consul's local agent API.
 *
 * <p>CSRF protection is off on both chains, on purpose: CSRF abuses credentials that a browser adds by itself
 * (a session cookie). Here there are none: the management chain is stateless (no session is created, no cookie
 * set) and every write sends its basic credentials itself, which another site's page cannot make a browser do
 * for it, so a CSRF token would protect nothing and only break {@code curl} and other API clients. Were a
 * browser login (form login, a session) ever added to these paths, CSRF protection would have to come back on.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String OPERATOR = "OPERATOR";

    static final String VIEWER = "VIEWER";

    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests((requests) -> requests
                .requestMatchers(EndpointRequest.to("auditevents")).hasRole(OPERATOR)
                .requestMatchers(HttpMethod.GET).permitAll()
                .requestMatchers(HttpMethod.HEAD).permitAll()
                .anyRequest().hasRole(OPERATOR))
            .httpBasic(Customizer.withDefaults())
            .csrf((csrf) -> csrf.disable()) // stateless basic-auth API: see the class comment
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
            .csrf((csrf) -> csrf.disable()) // no credentials at all on /api, nothing for CSRF to abuse
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The operator, and the viewer when configured; replaces Boot's single {@code spring.security.user}. */
    @Bean
    InMemoryUserDetailsManager users(SampleProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        users.add(user(properties.operator(), OPERATOR));
        if (properties.hasViewer()) {
            users.add(user(properties.viewer(), VIEWER));
        }
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * Keeps the audit events (the antientropy endpoint's {@code ANTIENTROPY_ACTION}, Spring Security's
     * authentication successes and failures) in memory, the last 1000, for {@code /actuator/auditevents}. With
     * this bean and Spring Security, Boot's {@code AuditAutoConfiguration} stores every
     * {@code AuditApplicationEvent}. A real deployment would keep them somewhere durable.
     */
    @Bean
    AuditEventRepository auditEventRepository() {
        return new InMemoryAuditEventRepository();
    }

    private static UserDetails user(SampleProperties.User user, String role) {
        String password = user.password();
        // As Boot does for spring.security.user.password: a plain value is stored {noop}; {bcrypt}... is kept.
        String stored = (password != null && password.matches("^\\{[^}]+\\}.*")) ? password : "{noop}" + password;
        return User.withUsername(user.name()).password(stored).roles(role).build();
    }
}
