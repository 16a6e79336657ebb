package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The {@code prod} profile takes no secret from the jar: without {@code SAMPLE_OPERATOR_PASSWORD} start-up fails
 * naming it; with it, the operator has that password and the dev-only viewer is gone. Each run starts the whole
 * sample (on a free port, with an in-memory H2). The variable is given as a command-line property, which wins over
 * the environment, so the test behaves the same on a machine that happens to set it.
 */
class ProdProfileTests {

    private static final String[] COMMON = { "--spring.profiles.active=prod",
            "--spring.datasource.url=jdbc:h2:mem:catalog-prod;DB_CLOSE_DELAY=-1", "--sample.services-file=",
            "--antientropy.interval=1h", "--server.port=0" };

    @Test
    void withoutTheOperatorPasswordStartUpFailsNamingTheVariable() {
        assertThatExceptionOfType(Exception.class)
            .isThrownBy(() -> start("--SAMPLE_OPERATOR_PASSWORD=").close())
            .satisfies((failure) -> assertThat(failure).hasStackTraceContaining("sample.operator")
                .rootCause()
                .hasMessageContaining("'sample.operator.password' must be set")
                .hasMessageContaining("SAMPLE_OPERATOR_PASSWORD"));
    }

    @Test
    void withTheOperatorPasswordTheOperatorHasItAndThereIsNoViewer() {
        try (ConfigurableApplicationContext context = start("--SAMPLE_OPERATOR_PASSWORD=from-the-vault",
                "--SAMPLE_VIEWER_PASSWORD=")) {
            UserDetailsService users = context.getBean(UserDetailsService.class);
            assertThat(users.loadUserByUsername("operator").getPassword()).isEqualTo("{noop}from-the-vault");
            assertThatExceptionOfType(UsernameNotFoundException.class)
                .isThrownBy(() -> users.loadUserByUsername("viewer"));
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[COMMON.length + args.length];
        System.arraycopy(COMMON, 0, all, 0, COMMON.length);
        System.arraycopy(args, 0, all, COMMON.length, args.length);
        return new SpringApplicationBuilder(SampleApplication.class).run(all);
    }
}
