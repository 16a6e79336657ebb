package dev.antientropy.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncType;

/**
 * The meters of the syncers on one {@link MeterRegistry}, registered up front so that dashboards show zero, not
 * nothing: per syncer, the {@value AntiEntropyMeters#SYNC} timer and the {@value AntiEntropyMeters#TRIGGERS}
 * counter for every combination of their tags, and the gauges read from its status and timing. Every meter of
 * one name has the same tag keys, as the Prometheus registry requires. {@link #close()} removes them all from the registry, so that a
 * registry outliving an application context keeps nothing of it.
 *
 * <p>Thread-safe: syncer threads record, any thread registers; once closed, nothing new is registered and
 * records go to meters no longer in the registry.
 */
public final class SyncMeters implements AutoCloseable {

    private final MeterRegistry registry;
    /** Held to register and to close, so that nothing is registered once closed. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, SyncerMeters> bySyncer = new ConcurrentHashMap<>(); // written under lock, read by any thread
    private final List<Meter> gauges = new ArrayList<>(); // lock
    private volatile boolean closed; // written under lock, read by any thread

    /**
     * Creates the meters' home on a registry; registers nothing yet.
     *
     * @param registry where the meters go
     */
    public SyncMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the timers and counters of a syncer at zero, if not done already. Any thread.
     *
     * @param syncer the syncer's name
     */
    public void register(String syncer) {
        meters(syncer);
    }

    /**
     * Registers the gauges of a syncer ({@value AntiEntropyMeters#PAUSED}, {@value AntiEntropyMeters#FULL_SYNC_AGE},
     * {@value AntiEntropyMeters#FULL_SYNC_WINDOW}, {@value AntiEntropyMeters#FULL_SYNC_CONSECUTIVE_FAILURES},
     * {@value AntiEntropyMeters#SCALE_FACTOR}) and its timers and counters. The gauges read
     * {@link StateSyncer#status()} or {@link StateSyncer#timing()} when the registry asks; the age is measured with
     * the registry's clock. Any thread.
     *
     * @param syncer the syncer
     */
    public void bindGauges(StateSyncer syncer) {
        register(syncer.name());
        lock.lock();
        try {
            if (!closed) {
                addGauges(syncer);
            }
        }
        finally {
            lock.unlock();
        }
    }

    private void addGauges(StateSyncer syncer) {
        gauges.add(Gauge.builder(AntiEntropyMeters.PAUSED, syncer, (s) -> s.isPaused() ? 1 : 0)
            .description("1 while the syncer is paused, else 0")
            .tag(AntiEntropyMeters.SYNCER, syncer.name())
            .strongReference(true)
            .register(registry));
        gauges.add(TimeGauge.builder(AntiEntropyMeters.FULL_SYNC_AGE, syncer, TimeUnit.MILLISECONDS, this::ageMillis)
            .description("Time since the last successful full sync finished; NaN before one")
            .tag(AntiEntropyMeters.SYNCER, syncer.name())
            .strongReference(true)
            .register(registry));
        gauges.add(TimeGauge
            .builder(AntiEntropyMeters.FULL_SYNC_WINDOW, syncer, TimeUnit.MILLISECONDS, SyncMeters::windowMillis)
            .description("Longest wait after a full sync before the next periodic one: interval * (1 + scale factor)")
            .tag(AntiEntropyMeters.SYNCER, syncer.name())
            .strongReference(true)
            .register(registry));
        gauges.add(Gauge
            .builder(AntiEntropyMeters.FULL_SYNC_CONSECUTIVE_FAILURES, syncer,
                    (s) -> s.status().consecutiveFullSyncFailures())
            .description("Full syncs failed in a row since the last success")
            .tag(AntiEntropyMeters.SYNCER, syncer.name())
            .strongReference(true)
            .register(registry));
        gauges.add(Gauge.builder(AntiEntropyMeters.SCALE_FACTOR, syncer, (s) -> s.timing().scaleFactor())
            .description("Scale factor of the cluster size read last")
            .tag(AntiEntropyMeters.SYNCER, syncer.name())
            .strongReference(true)
            .register(registry));
    }

    /**
     * Counts a sync request. Any thread.
     *
     * @param syncer the syncer's name
     * @param type the type requested
     * @param coalesced whether a request of that type was already pending
     */
    public void recordRequest(String syncer, SyncType type, boolean coalesced) {
        SyncerMeters meters = meters(syncer);
        if (meters != null) {
            meters.triggers(type, coalesced).increment();
        }
    }

    /**
     * Records a finished sync on the {@value AntiEntropyMeters#SYNC} timer. Any thread.
     *
     * @param syncer the syncer's name
     * @param type the type that ran
     * @param duration how long it ran
     * @param failed whether it failed
     */
    public void recordSync(String syncer, SyncType type, Duration duration, boolean failed) {
        SyncerMeters meters = meters(syncer);
        if (meters != null) {
            meters.sync(type, failed).record(duration);
        }
    }

    /** Removes every meter registered here from the registry. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            bySyncer.values().forEach((meters) -> meters.all().forEach(registry::remove));
            gauges.forEach(registry::remove);
            gauges.clear();
        }
        finally {
            lock.unlock();
        }
    }

    private double ageMillis(StateSyncer syncer) {
        Instant success = syncer.status().lastFullSyncSuccess();
        if (success == null) {
            return Double.NaN;
        }
        return Math.max(0, registry.config().clock().wallTime() - success.toEpochMilli());
    }

    // The bound of the window the syncer itself applies (SyncTiming.periodic), not a formula of our own.
    private static double windowMillis(StateSyncer syncer) {
        return syncer.timing().periodic().to().toMillis();
    }

    private @Nullable SyncerMeters meters(String syncer) {
        SyncerMeters meters = bySyncer.get(syncer);
        if (meters != null || closed) {
            return meters;
        }
        lock.lock();
        try {
            return closed ? null : bySyncer.computeIfAbsent(syncer, (name) -> new SyncerMeters(registry, name));
        }
        finally {
            lock.unlock();
        }
    }

    /** The timers and counters of one syncer, indexed by their tag values. Immutable. */
    private static final class SyncerMeters {

        private final Timer[] syncs = new Timer[4]; // [type][failed]
        private final Counter[] triggers = new Counter[4]; // [type][coalesced]

        SyncerMeters(MeterRegistry registry, String syncer) {
            for (SyncType type : SyncType.values()) {
                for (boolean flag : new boolean[] { false, true }) {
                    syncs[index(type, flag)] = Timer.builder(AntiEntropyMeters.SYNC)
                        .description("Finished syncs and how long they ran")
                        .tag(AntiEntropyMeters.SYNCER, syncer)
                        .tag(AntiEntropyMeters.TYPE, AntiEntropyMeters.type(type))
                        .tag(AntiEntropyMeters.OUTCOME, AntiEntropyMeters.outcome(flag))
                        .register(registry);
                    triggers[index(type, flag)] = Counter.builder(AntiEntropyMeters.TRIGGERS)
                        .description("Sync requests")
                        .tag(AntiEntropyMeters.SYNCER, syncer)
                        .tag(AntiEntropyMeters.TYPE, AntiEntropyMeters.type(type))
                        .tag(AntiEntropyMeters.COALESCED, Boolean.toString(flag))
                        .register(registry);
                }
            }
        }

        Timer sync(SyncType type, boolean failed) {
            return syncs[index(type, failed)];
        }

        Counter triggers(SyncType type, boolean coalesced) {
            return triggers[index(type, coalesced)];
        }

        List<Meter> all() {
            List<Meter> all = new ArrayList<>(List.of(syncs));
            all.addAll(List.of(triggers));
            return all;
        }

        private static int index(SyncType type, boolean flag) {
            return type.ordinal() * 2 + (flag ? 1 : 0);
        }
    }
}
