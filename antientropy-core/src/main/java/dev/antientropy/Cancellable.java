package dev.antientropy;

/** A scheduled task that can be called off. */
@FunctionalInterface
public interface Cancellable {

    /** Calls the task off if it has not started yet; does nothing otherwise. Idempotent, any thread. */
    void cancel();
}
