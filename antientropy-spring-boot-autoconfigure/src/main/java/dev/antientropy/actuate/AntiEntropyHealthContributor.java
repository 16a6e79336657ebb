package dev.antientropy.actuate;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

import dev.antientropy.StateSyncer;

/**
 * Health of the state syncers, contributed as {@code antientropy}: one {@link SyncerHealthIndicator} per syncer,
 * named after it, so that {@code /actuator/health/antientropy/NAME} is one syncer's health and a health group can
 * include one syncer ({@code include=antientropy/NAME}). The contributor as a whole is {@code DOWN} when any
 * syncer is (Boot's status aggregation), {@code UP} otherwise.
 *
 * <p>Thread-safe: the syncers are fixed at construction.
 */
public class AntiEntropyHealthContributor implements CompositeHealthContributor {

    private final Map<String, SyncerHealthIndicator> indicators; // read-only, ordered by name, fixed at construction

    /**
     * Creates the contributor.
     *
     * @param syncers the syncers by name
     * @param applicationRunning whether the syncers should be running now (the context started them and has not
     *     stopped them); a stopped syncer is down only then
     * @param maxConsecutiveFailures the threshold of each syncer, by name; 0 or less never makes it down
     */
    public AntiEntropyHealthContributor(Map<String, StateSyncer> syncers, BooleanSupplier applicationRunning,
            ToIntFunction<String> maxConsecutiveFailures) {
        this(syncers, applicationRunning, maxConsecutiveFailures, Clock.systemUTC());
    }

    AntiEntropyHealthContributor(Map<String, StateSyncer> syncers, BooleanSupplier applicationRunning,
            ToIntFunction<String> maxConsecutiveFailures, Clock clock) {
        Objects.requireNonNull(syncers, "syncers");
        Objects.requireNonNull(applicationRunning, "applicationRunning");
        Objects.requireNonNull(maxConsecutiveFailures, "maxConsecutiveFailures");
        Map<String, SyncerHealthIndicator> indicators = new TreeMap<>();
        syncers.forEach((name, syncer) -> indicators.put(name, new SyncerHealthIndicator(syncer, applicationRunning,
                maxConsecutiveFailures.applyAsInt(name), clock)));
        this.indicators = Collections.unmodifiableMap(indicators);
    }

    /**
     * Returns the health indicator of one syncer.
     *
     * @param name the syncer's name
     * @return its indicator, or {@code null} when there is no syncer of that name
     */
    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return indicators.get(name);
    }

    /**
     * Returns the indicator of every syncer, ordered by name.
     *
     * @return one entry per syncer
     */
    @Override
    public Stream<Entry> stream() {
        return indicators.entrySet().stream().map((entry) -> new Entry(entry.getKey(), entry.getValue()));
    }
}
