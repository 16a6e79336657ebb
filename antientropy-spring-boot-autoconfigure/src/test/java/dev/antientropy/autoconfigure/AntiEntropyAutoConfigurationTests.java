package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.StateSyncer;

/**
 * When {@link AntiEntropyAutoConfiguration} applies, and on which threads its syncers run. Its other behaviours
 * have a class each: {@link SyncerRegistrationTests} (which syncer beans exist), {@link SyncerPropertiesTests}
 * (binding and checking {@code antientropy.*}), {@link SyncerLifecycleTests} (start, stop, close),
 * {@link UserStateSyncerPrecedenceTests}, {@link SyncStateWiringTests}, {@link KeepAliveTests},
 * {@link ContextHierarchyTests}.
 */
class AntiEntropyAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void disabledMakesNothing() {
        contextRunner.withPropertyValues("antientropy.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(StateSyncers.class).doesNotHaveBean(StateSyncer.class);
        });
    }

    @Test
    void noSyncStateBeanMakesNothing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(StateSyncers.class)
                    .doesNotHaveBean(StateSyncer.class)
                    .doesNotHaveBean(AntiEntropyProperties.class);
            });
    }

    @Test
    void platformThreadsByDefault() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
            assertThat(context).doesNotHaveBean(AntiEntropyAutoConfiguration.VirtualThreadsCustomizer.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
            assertThat(isVirtual(state.lastThread())).isFalse();
        });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21) // virtual threads exist from Java 21 on
    void virtualThreadsPropertyRunsSyncersOnVirtualThreads() {
        contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
                assertThat(isVirtual(state.lastThread())).isTrue();
                assertThat(state.lastThread().getName()).isEqualTo("antientropy-catalog");
            });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20) // below Java 21 the property cannot apply: no virtual threads
    void virtualThreadsPropertyIsIgnoredBeforeJava21() {
        contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
                assertThat(context).doesNotHaveBean(AntiEntropyAutoConfiguration.VirtualThreadsCustomizer.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
                assertThat(state.lastThread().getName()).isEqualTo("antientropy-catalog");
            });
    }

    /** {@code Thread.isVirtual()} is Java 21 API; the tests compile for Java 17. */
    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        Method isVirtual = Thread.class.getMethod("isVirtual");
        return (boolean) isVirtual.invoke(thread);
    }
}
