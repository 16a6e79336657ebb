package dev.antientropy;

import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Thread helpers: the virtual-thread factory (from Java 21; the core compiles for Java 17, so it comes by
 * reflection) and the live threads of a name. Parameterized tests take a {@link ThreadKind}.
 */
final class ThreadKinds {

    private ThreadKinds() {
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
}
