package dev.antientropy;

import java.time.Duration;

/**
 * The failure recorded for a sync that ran past its {@linkplain StateSyncer.Builder#syncTimeout(Duration)
 * timeout}, or that a bounded {@link StateSyncer#close(Duration)} interrupted. The exception the sync threw
 * on being interrupted, if any, is the cause.
 */
public final class SyncTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what ran out of time
     * @param cause what the interrupted sync threw, or {@code null} when it returned normally
     */
    public SyncTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the failure of a sync that returned normally after being interrupted.
     *
     * @param message what ran out of time
     */
    public SyncTimeoutException(String message) {
        super(message);
    }
}
