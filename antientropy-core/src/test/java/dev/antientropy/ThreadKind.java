package dev.antientropy;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Assumptions;

/**
 * The kinds of thread a syncer's own threads come in, for tests parameterized with
 * {@code @EnumSource(ThreadKind.class)}: daemon platform threads (the syncer's default) and virtual threads. The
 * core compiles for Java 17, so the virtual kind comes by reflection; before Java 21 a test that asks for it is
 * skipped, with the reason, rather than silently run on platform threads.
 */
enum ThreadKind {

    /** Daemon platform threads, the syncer's default. */
    PLATFORM,

    /** Virtual threads ({@code Thread.ofVirtual()}, Java 21 and later). */
    VIRTUAL;

    private static final ThreadFactory VIRTUAL_FACTORY = ThreadKinds.virtualOrNull();

    /**
     * The factory to give the builder: {@code null} for platform threads (the syncer's default), the virtual
     * factory otherwise. Aborts the test (reported as skipped) when this JVM has no virtual threads.
     */
    ThreadFactory factory() {
        if (this == PLATFORM) {
            return null;
        }
        Assumptions.assumeTrue(VIRTUAL_FACTORY != null, "virtual threads need Java 21 or later, this is Java "
                + Runtime.version().feature());
        return VIRTUAL_FACTORY;
    }

    /** A factory that always makes a thread of this kind: for platform a daemon thread, as the default makes. */
    ThreadFactory explicitFactory() {
        ThreadFactory factory = factory();
        return factory != null ? factory : runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Applies this kind to a builder: its factory, or the default for platform threads. */
    StateSyncer.Builder on(StateSyncer.Builder builder) {
        ThreadFactory factory = factory();
        return factory == null ? builder : builder.threadFactory(factory);
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
