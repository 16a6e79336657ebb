package dev.antientropy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Draws the random part of a delay: a duration in {@code [0, max)}. The syncer passes a {@code max} already
 * stretched by the scale factor, so a periodic full sync falls in {@code [interval, interval + max)}. The
 * default is {@link #uniform()}; tests and simulations use a seeded {@link #uniform(RandomGenerator)} or a
 * fixed function. A result outside {@code [0, max)} is clamped into it.
 */
@FunctionalInterface
public interface Stagger {

    /**
     * Draws a duration.
     *
     * @param max the exclusive upper bound, zero or positive
     * @return a duration in {@code [0, max)}, or zero when {@code max} is zero
     */
    Duration stagger(Duration max);

    /**
     * A uniformly random stagger drawn from {@link ThreadLocalRandom}. Thread-safe.
     *
     * @return the default stagger
     */
    static Stagger uniform() {
        return max -> {
            long nanos = max.toNanos();
            return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(nanos));
        };
    }

    /**
     * A uniformly random stagger drawn from the given generator, for reproducible runs. The generator is used
     * from the syncer's thread only; share it only among syncers driven by one thread (as a
     * {@code ManualSyncScheduler} (test kit, {@code antientropy-test}) does).
     *
     * @param random the source of randomness
     * @return a stagger drawing from {@code random}
     */
    static Stagger uniform(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return max -> {
            long nanos = max.toNanos();
            return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(nanos));
        };
    }

    /**
     * No stagger at all: every delay is its minimum.
     *
     * @return a stagger that always returns zero
     */
    static Stagger none() {
        return max -> Duration.ZERO;
    }
}
