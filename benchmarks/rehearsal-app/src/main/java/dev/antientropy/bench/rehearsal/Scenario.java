package dev.antientropy.bench.rehearsal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.antientropy.StateSyncer;

/**
 * One scenario of the rehearsal: how the fleet times its full syncs, how long it runs and which window of the
 * run is measured. Time is compressed through the syncer's own settings (a few seconds' interval, with the
 * server-up and retry intervals at Consul's proportions of it), never by faking the clock.
 *
 * @param name the scenario's name, a row of {@code summary.csv}
 * @param hostNodes the nodes of the fleet host
 * @param appNodes the node applications, counted in the cluster size and the prediction
 * @param interval the full-sync interval
 * @param startupStagger the start-up stagger ({@code 0} = Consul's first full sync at start)
 * @param spread how the periodic full syncs are placed
 * @param windowFrom start of the measured window, from the fleet's start
 * @param window length of the measured window
 * @param outageAt when PostgreSQL is stopped, from the fleet's start; {@code null} for no outage
 * @param outage how long PostgreSQL stays down
 * @param changesPerSecond local changes per second, all nodes together (each one a partial sync)
 * @param rowsPerNode the rows each node starts with
 */
public record Scenario(String name, int hostNodes, int appNodes, Duration interval, Duration startupStagger,
        Spread spread, Duration windowFrom, Duration window, @Nullable Duration outageAt, Duration outage,
        double changesPerSecond, int rowsPerNode) {

    /** How a node places its periodic full syncs. */
    public enum Spread {
        /** Consul's: a uniformly random stagger. */
        RANDOM,
        /** By the node's rank in the fleet. */
        RANK,
        /** No stagger at all: a full sync every interval, as a fixed-rate scheduled job would. */
        NAIVE
    }

    /** The scenarios, in the order they run. */
    public static final List<String> NAMES = List.of("cold_start", "cold_start_stagger", "steady_random",
            "steady_rank", "postgres_restart", "naive");

    /**
     * Returns a scenario of the quick run (fewer nodes, a shorter interval) or of the full run.
     *
     * @param name one of {@link #NAMES}
     * @param quick the quick run
     * @param hostNodes the fleet host's nodes, or 0 for the run's default (500 quick, 2000 full)
     * @param appNodes the node applications
     * @return the scenario
     */
    public static Scenario of(String name, boolean quick, int hostNodes, int appNodes) {
        int nodes = hostNodes > 0 ? hostNodes : (quick ? 500 : 2000);
        Duration interval = Duration.ofSeconds(quick ? 3 : 6);
        int f = StateSyncer.scaleFactor(nodes + appNodes);
        Duration period = interval.multipliedBy(1 + f); // the longest gap between two periodic full syncs
        double changes = nodes / 50.0; // every node changes a row every 50 s on average
        int rows = 10;
        return switch (name) {
            case "cold_start" -> new Scenario(name, nodes, appNodes, interval, Duration.ZERO, Spread.RANDOM,
                    Duration.ZERO, period, null, Duration.ZERO, changes, rows);
            case "cold_start_stagger" -> new Scenario(name, nodes, appNodes, interval, interval, Spread.RANDOM,
                    Duration.ZERO, period, null, Duration.ZERO, changes, rows);
            case "steady_random" -> new Scenario(name, nodes, appNodes, interval, interval, Spread.RANDOM,
                    period.multipliedBy(2), period.multipliedBy(quick ? 3 : 4), null, Duration.ZERO, changes, rows);
            case "steady_rank" -> new Scenario(name, nodes, appNodes, interval, interval, Spread.RANK,
                    period.multipliedBy(2), period.multipliedBy(quick ? 3 : 4), null, Duration.ZERO, changes, rows);
            case "postgres_restart" -> new Scenario(name, nodes, appNodes, interval, interval, Spread.RANDOM,
                    period.multipliedBy(2).plus(interval.multipliedBy(2)), period, period.multipliedBy(2),
                    interval.multipliedBy(2), changes, rows);
            case "naive" -> new Scenario(name, nodes, appNodes, interval, Duration.ZERO, Spread.NAIVE, interval,
                    interval.multipliedBy(quick ? 4 : 6), null, Duration.ZERO, changes, rows);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "', one of " + NAMES);
        };
    }

    /** All nodes: the fleet host's and the applications'. */
    public int nodes() {
        return hostNodes + appNodes;
    }

    /** Consul's scale factor for {@link #nodes()}. */
    public int scaleFactor() {
        return StateSyncer.scaleFactor(nodes());
    }

    /** Consul's server-up interval at the same proportion to the interval (3 s to 1 min). */
    public Duration serverUpInterval() {
        return interval.dividedBy(20);
    }

    /** Consul's retry interval at the same proportion to the interval (15 s to 1 min). */
    public Duration retryFailInterval() {
        return interval.dividedBy(4);
    }

    /** How long the fleet runs before the changes stop: the end of the measured window. */
    public Duration runFor() {
        return windowFrom.plus(window);
    }

    /**
     * How long the fleet runs after the changes stop, before the check: one longest periodic gap (and one
     * longest retry gap) and a margin, so every node has run a full sync since its last change.
     */
    public Duration settle() {
        int f = scaleFactor();
        return interval.multipliedBy(1 + f).plus(retryFailInterval().multipliedBy(1 + f)).plusSeconds(2);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s: %d nodes (%d in the fleet host), interval %s, f %d, server-up %s, retry %s, start-up stagger %s, "
                        + "spread %s, window [%s, %s)%s",
                name, nodes(), hostNodes, interval, scaleFactor(), serverUpInterval(), retryFailInterval(),
                startupStagger, spread, windowFrom, windowFrom.plus(window),
                outageAt == null ? "" : ", PostgreSQL down at " + outageAt + " for " + outage);
    }
}
