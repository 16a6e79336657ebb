package dev.antientropy.internal.log;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.antientropy.SyncResult;

/**
 * Every line the syncer logs for its user goes through here, under one category,
 * {@value #CATEGORY} (the class name of {@link dev.antientropy.StateSyncer}), which that class's javadoc and the
 * README document. User
 * code may hand us exceptions whose {@code getMessage()} or {@code toString()} throws; logging one must not
 * throw in turn, so {@link #warn} and {@link #debug} fall back to a line without the stack, and
 * {@link #describe(Throwable)} never throws. Stateless; any thread.
 */
public final class SyncLog {

    /** The category of every user-visible log line of the core. */
    public static final String CATEGORY = "dev.antientropy.StateSyncer";

    private static final Logger log = LoggerFactory.getLogger(CATEGORY);

    private SyncLog() {
    }

    /**
     * Returns the logger of the category.
     *
     * @return the logger
     */
    public static Logger logger() {
        return log;
    }

    /**
     * Logs at WARN, with the cause's stack when it can be read.
     *
     * @param message the line, built with {@link #describe} and {@link #name} where user objects appear
     * @param cause the cause, or {@code null}
     */
    public static void warn(String message, @Nullable Throwable cause) {
        try {
            log.warn(message, cause);
        }
        catch (Throwable unreadable) {
            rethrowIfFatal(unreadable);
            log.warn(withoutStack(message, cause));
        }
    }

    /**
     * Logs at ERROR, with the cause's stack when it can be read.
     *
     * @param message the line
     * @param cause the cause, or {@code null}
     */
    public static void error(String message, @Nullable Throwable cause) {
        try {
            log.error(message, cause);
        }
        catch (Throwable unreadable) {
            rethrowIfFatal(unreadable);
            log.error(withoutStack(message, cause));
        }
    }

    /**
     * Logs at INFO.
     *
     * @param message the line
     */
    public static void info(String message) {
        log.info(message);
    }

    /**
     * Logs at DEBUG, with the cause's stack when it can be read.
     *
     * @param message the line
     * @param cause the cause, or {@code null}
     */
    public static void debug(String message, @Nullable Throwable cause) {
        if (!log.isDebugEnabled()) {
            return;
        }
        try {
            log.debug(message, cause);
        }
        catch (Throwable unreadable) {
            rethrowIfFatal(unreadable);
            log.debug(withoutStack(message, cause));
        }
    }

    /**
     * Logs at WARN the first time, at DEBUG after: for user code that keeps misbehaving the same way.
     *
     * @param first whether this is the first time
     * @param message the line
     * @param cause the cause, or {@code null}
     */
    public static void warnOnce(boolean first, String message, @Nullable Throwable cause) {
        if (first) {
            warn(message, cause);
        }
        else {
            debug(message, cause);
        }
    }

    /**
     * Describes a failure for people: its message; {@link SyncResult#NO_MESSAGE} when it has none; a line naming
     * its class when the message cannot be read. Never throws (but a {@link VirtualMachineError}).
     *
     * @param failure the failure
     * @return a non-blank description
     */
    public static String describe(Throwable failure) {
        String message;
        try {
            message = failure.getMessage();
        }
        catch (Throwable unreadable) {
            rethrowIfFatal(unreadable);
            return "failed with " + failure.getClass().getSimpleName() + "; its message could not be read";
        }
        return message == null || message.isBlank() ? SyncResult.NO_MESSAGE : message;
    }

    /**
     * Names a user object for a log line: its {@code toString()}, or its class when that throws.
     *
     * @param object the object
     * @return a name
     */
    public static String name(Object object) {
        try {
            return String.valueOf(object);
        }
        catch (Throwable unreadable) {
            rethrowIfFatal(unreadable);
            return object.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(object));
        }
    }

    private static String withoutStack(String message, @Nullable Throwable cause) {
        return cause == null ? message
                : message + " [" + cause.getClass().getName() + ": " + describe(cause) + "; stack not logged]";
    }

    private static void rethrowIfFatal(Throwable ex) {
        if (ex instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
