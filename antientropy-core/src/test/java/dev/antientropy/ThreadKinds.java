package dev.antientropy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The thread kinds a syncer's own threads come in: daemon platform threads (the default) and, from Java 21,
 * virtual threads. The core compiles for Java 17, so the virtual factory comes by reflection.
 */
final class ThreadKinds {

    private ThreadKinds() {
    }

    /**
     * Every kind this JVM offers, as (name, factory) arguments; the platform kind's factory is {@code null}
     * (the syncer's default).
     */
    static List<Arguments> all() {
        List<Arguments> kinds = new ArrayList<>();
        kinds.add(Arguments.of("platform", null));
        ThreadFactory virtual = virtualOrNull();
        if (virtual != null) {
            kinds.add(Arguments.of("virtual", virtual));
        }
        return kinds;
    }

    /** A factory of virtual threads, or {@code null} before Java 21. */
    static ThreadFactory virtualOrNull() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        }
        catch (ReflectiveOperationException beforeJava21) {
            return null;
        }
    }

    /** The live threads of the given name. */
    static List<Thread> named(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
    }

    /** Applies a kind to a builder: its factory, or the default when {@code null}. */
    static StateSyncer.Builder on(StateSyncer.Builder builder, ThreadFactory factory) {
        return factory == null ? builder : builder.threadFactory(factory);
    }
}
