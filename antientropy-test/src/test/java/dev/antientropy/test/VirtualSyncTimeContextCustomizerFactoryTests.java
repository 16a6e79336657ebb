package dev.antientropy.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;

import dev.antientropy.Cancellable;
import dev.antientropy.Stagger;
import dev.antientropy.SyncScheduler;

/** Which test classes {@link VirtualSyncTime} reaches, what it adds to their context, and how contexts are cached. */
class VirtualSyncTimeContextCustomizerFactoryTests {

    private final VirtualSyncTimeContextCustomizerFactory factory = new VirtualSyncTimeContextCustomizerFactory();

    @Test
    void aTestClassWithoutTheAnnotationGetsNothing() {
        assertThat(factory.createContextCustomizer(Plain.class, List.of())).isNull();
    }

    @Test
    void theAnnotationIsFoundOnTheClassItsSuperclassesEnclosingClassesAndAnnotations() {
        assertThat(factory.createContextCustomizer(Annotated.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(Subclass.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(Annotated.Inner.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(MetaAnnotated.class, List.of())).isNotNull();
    }

    @Test
    void allAnnotatedTestsShareOneCacheKeyApartFromTheOthers() {
        ContextCustomizer one = factory.createContextCustomizer(Annotated.class, List.of());
        ContextCustomizer other = factory.createContextCustomizer(Subclass.class, List.of());

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    }

    @Test
    void theSchedulerAndTheStaggerWinOverTheApplicationsOwnBeans() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("applicationScheduler", SyncScheduler.class, ApplicationScheduler::new);
            context.registerBean("applicationStagger", Stagger.class, () -> Stagger.uniform());
            ContextCustomizer customizer = factory.createContextCustomizer(Annotated.class, List.of());
            assertThat(customizer).isNotNull();
            customizer.customizeContext(context, null);
            context.refresh();

            assertThat(context.getBeanProvider(SyncScheduler.class).getIfUnique())
                .isSameAs(context.getBean(ManualSyncScheduler.class))
                .isSameAs(context.getBean(VirtualSyncTimeContextCustomizerFactory.SCHEDULER_BEAN_NAME));
            Stagger stagger = context.getBeanProvider(Stagger.class).getIfUnique();
            assertThat(stagger).isSameAs(context.getBean(VirtualSyncTimeContextCustomizerFactory.STAGGER_BEAN_NAME));
            assertThat(stagger.stagger(Duration.ofSeconds(3))).isZero();
        }
    }

    static class Plain {
    }

    @VirtualSyncTime
    static class Annotated {

        class Inner {
        }
    }

    static class Subclass extends Annotated {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @VirtualSyncTime
    @interface MyVirtualTimeTest {
    }

    @MyVirtualTimeTest
    static class MetaAnnotated {
    }

    /** An application's scheduler that the test's must win over; never used. */
    static final class ApplicationScheduler implements SyncScheduler {

        @Override
        public long nanoTime() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant now() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable watchdog(Runnable task, Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
