package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.Stagger;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * While the syncers run, one non-daemon thread keeps the JVM up (the syncers' own threads are daemons), so that
 * an application without a web server does not exit after its first sync; stopping the syncers releases it.
 * {@link NonWebApplicationTests} shows it on a JVM of its own.
 */
class KeepAliveTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
        .withBean(Stagger.class, Stagger::none)
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void nonDaemonThreadRunsWhileTheSyncersRun() {
        Set<Thread> others = keepAliveThreads();
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            Thread keepAlive = ownKeepAliveThread(others).orElseThrow();
            assertThat(keepAlive.isDaemon()).isFalse();

            context.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !keepAlive.isAlive());

            context.start();
            assertThat(ownKeepAliveThread(others)).get().matches((thread) -> !thread.isDaemon());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ownKeepAliveThread(others).isEmpty());
    }

    @Test
    void noThreadWithoutSyncers() {
        Set<Thread> others = keepAliveThreads();
        contextRunner.withPropertyValues("antientropy.syncers.catalog.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncers.class).isRunning()).isTrue();
            assertThat(ownKeepAliveThread(others)).isEmpty();
        });
    }

    /**
     * The keep-alive thread of the context under test: a live one that was not there before it started. (Contexts
     * of other test classes, cached by the TestContext framework, may keep theirs running meanwhile.)
     */
    private static Optional<Thread> ownKeepAliveThread(Set<Thread> others) {
        return keepAliveThreads().stream().filter((thread) -> !others.contains(thread)).findFirst();
    }

    private static Set<Thread> keepAliveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> thread.getName().equals(StateSyncers.KeepAlive.THREAD_NAME) && thread.isAlive())
            .collect(Collectors.toSet());
    }
}
