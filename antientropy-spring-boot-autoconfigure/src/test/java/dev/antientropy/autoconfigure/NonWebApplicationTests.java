package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.antientropy.SyncState;

/**
 * A Spring Boot application without a web server whose job is its syncers stays up after {@code main} returns,
 * until it is stopped, on a JVM of its own: the syncers' threads are daemons, the starter's keep-alive thread is
 * not ({@link KeepAliveTests} checks that thread in-process). No {@code spring.main.keep-alive} needed.
 */
class NonWebApplicationTests {

    /** Longest wait for the child JVM to start, sync, or exit; the load of a shared build machine included. */
    private static final Duration BOUND = Duration.ofMinutes(2);

    @Test
    void staysUpAfterMainReturnedUntilStopped() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SyncerOnlyApplication.class.getName())
            .redirectErrorStream(true)
            .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(process, output), "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(BOUND).until(() -> output.contains(SyncerOnlyApplication.SYNCED)
                    && output.contains(SyncerOnlyApplication.MAIN_RETURNED));
            // Without a non-daemon thread the JVM would begin to exit at once now.
            assertThat(process.waitFor(3, TimeUnit.SECONDS)).as("exited after main returned; output: %s", output)
                .isFalse();
        }
        finally {
            process.destroy(); // SIGTERM: Boot's shutdown hook closes the context, which releases the keep-alive
        }
        assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("exited once stopped; output: %s", output)
            .isTrue();
    }

    private static void readLines(Process process, List<String> output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(output::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The child JVM: the starter and one {@code SyncState}, no web server; says when it synced and when main returned. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(AntiEntropyAutoConfiguration.class)
    static class SyncerOnlyApplication {

        static final String SYNCED = "child: full sync";

        static final String MAIN_RETURNED = "child: main returned";

        public static void main(String[] args) {
            SpringApplication.run(SyncerOnlyApplication.class, "--spring.main.web-application-type=none",
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN");
            System.out.println(MAIN_RETURNED);
        }

        @Bean
        SyncState catalog() {
            return new SyncState() {

                @Override
                public void syncFull() {
                    System.out.println(SYNCED);
                }

                @Override
                public void syncChanges() {
                }
            };
        }
    }
}
