package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.Stagger;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * While the syncers run, one non-daemon thread keeps the JVM up (the syncers' own threads are daemons), so that
 * an application without a web server does not exit after its first sync; stopping the syncers releases it.
 * {@code NonWebApplicationTests} in the sample shows it on a real JVM.
 */
class KeepAliveTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
        .withBean(Stagger.class, Stagger::none)
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void nonDaemonThreadRunsWhileTheSyncersRun() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            Thread keepAlive = keepAliveThread().orElseThrow();
            assertThat(keepAlive.isDaemon()).isFalse();

            context.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !keepAlive.isAlive());

            context.start();
            assertThat(keepAliveThread()).get().matches((thread) -> !thread.isDaemon());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> keepAliveThread().isEmpty());
    }

    @Test
    void noThreadWithoutSyncers() {
        contextRunner.withPropertyValues("antientropy.syncers.catalog.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncers.class).isRunning()).isTrue();
            assertThat(keepAliveThread()).isEmpty();
        });
    }

    private static Optional<Thread> keepAliveThread() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> thread.getName().equals(StateSyncers.KeepAlive.THREAD_NAME) && thread.isAlive())
            .findFirst();
    }
}
