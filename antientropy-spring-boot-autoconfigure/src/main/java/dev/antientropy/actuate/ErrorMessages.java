package dev.antientropy.actuate;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncResult;

/**
 * Cleans the message of a failed sync before it leaves the process: an exception made from a cause
 * ({@code new RuntimeException(cause)}) carries {@code "java.net.ConnectException: Connection refused"} as its
 * message, which the endpoint and health show as {@code "Connection refused"}. Only leading class names go: a
 * class name elsewhere in the message (as {@code "wrapped java.io.IOException: x"}) is left as it is. A message
 * of nothing but class names becomes the core's {@link SyncResult#NO_MESSAGE}, as the core's log lines say it.
 */
final class ErrorMessages {

    /** One or more leading {@code qualified.ClassName: } prefixes, as {@link Throwable#toString()} writes them. */
    private static final Pattern CLASS_PREFIX = Pattern
        .compile("^(?:\\s*(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?::\\s*|\\s*$))+");

    private ErrorMessages() {
    }

    /**
     * Returns the message without leading class names.
     *
     * @param message a sync's error message, {@code null} for a success
     * @return the cleaned message, {@code null} when the input was
     */
    static @Nullable String clean(@Nullable String message) {
        if (message == null) {
            return null;
        }
        String cleaned = CLASS_PREFIX.matcher(message).replaceFirst("").strip();
        return cleaned.isEmpty() ? SyncResult.NO_MESSAGE : cleaned;
    }
}
