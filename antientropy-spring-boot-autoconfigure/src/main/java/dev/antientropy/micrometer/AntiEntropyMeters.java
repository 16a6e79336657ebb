package dev.antientropy.micrometer;

import java.util.Locale;

import dev.antientropy.SyncType;

/**
 * Names and tags of the meters of the state syncers. Every meter is tagged {@value #SYNCER} with the syncer's
 * name; every tag value comes from a closed set.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@value #SYNC}</td><td>timer</td><td>syncer, type, outcome</td><td>finished syncs and how long they
 * ran</td></tr>
 * <tr><td>{@value #TRIGGERS}</td><td>counter</td><td>syncer, type, coalesced</td><td>sync requests</td></tr>
 * <tr><td>{@value #PAUSED}</td><td>gauge</td><td>syncer</td><td>1 while paused, else 0</td></tr>
 * <tr><td>{@value #FULL_SYNC_AGE}</td><td>time gauge</td><td>syncer</td><td>seconds since the last successful
 * full sync finished; NaN before one</td></tr>
 * <tr><td>{@value #FULL_SYNC_WINDOW}</td><td>time gauge</td><td>syncer</td><td>the longest the syncer waits
 * after a full sync before the next periodic one: {@code interval * (1 + scale factor)}</td></tr>
 * <tr><td>{@value #FULL_SYNC_CONSECUTIVE_FAILURES}</td><td>gauge</td><td>syncer</td><td>full syncs failed in a
 * row since the last success</td></tr>
 * <tr><td>{@value #SCALE_FACTOR}</td><td>gauge</td><td>syncer</td><td>the scale factor of the cluster size, read
 * when scraped</td></tr>
 * </table>
 */
public final class AntiEntropyMeters {

    /** Timer of finished syncs; also the name of the {@code Observation} of each sync. */
    public static final String SYNC = "antientropy.sync";

    /** Counter of sync requests ({@code triggerSyncFull()}, {@code triggerSyncChanges()}). */
    public static final String TRIGGERS = "antientropy.triggers";

    /** Gauge: 1 while the syncer is paused, else 0. */
    public static final String PAUSED = "antientropy.paused";

    /** Time gauge: time since the last successful full sync finished; NaN before one. */
    public static final String FULL_SYNC_AGE = "antientropy.full.sync.age";

    /**
     * Time gauge: the bound of the periodic full sync window of {@code StateSyncer.timing()},
     * {@code interval * (1 + scale factor)}: the longest a syncer waits after a full sync ends before it starts the
     * next one.
     */
    public static final String FULL_SYNC_WINDOW = "antientropy.full.sync.window";

    /** Gauge: how many full syncs failed in a row since the last success; 0 after a success. */
    public static final String FULL_SYNC_CONSECUTIVE_FAILURES = "antientropy.full.sync.consecutive.failures";

    /**
     * Gauge: the scale factor {@code f} of the cluster size, as {@code StateSyncer.timing()} reads it (1 up to the
     * scale threshold).
     */
    public static final String SCALE_FACTOR = "antientropy.scale.factor";

    /** Tag key: the syncer's name. */
    public static final String SYNCER = "syncer";

    /** Tag key: the sync type, {@value #FULL} or {@value #CHANGES}. */
    public static final String TYPE = "type";

    /** Tag key: how a sync ended, {@value #SUCCESS} or {@value #FAILURE}. */
    public static final String OUTCOME = "outcome";

    /** Tag key of {@value #TRIGGERS}: {@code true} when a request of that type was already pending. */
    public static final String COALESCED = "coalesced";

    /** Tag value of {@value #TYPE}: a full sync. */
    public static final String FULL = "full";

    /** Tag value of {@value #TYPE}: a partial sync (sync changes). */
    public static final String CHANGES = "changes";

    /** Tag value of {@value #OUTCOME}: the sync succeeded. */
    public static final String SUCCESS = "success";

    /** Tag value of {@value #OUTCOME}: the sync failed (threw, or timed out). */
    public static final String FAILURE = "failure";

    private AntiEntropyMeters() {
    }

    /**
     * Returns the tag value of a sync type.
     *
     * @param type the type
     * @return {@value #FULL} or {@value #CHANGES}
     */
    public static String type(SyncType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the tag value of an outcome.
     *
     * @param failed whether the sync failed
     * @return {@value #FAILURE} or {@value #SUCCESS}
     */
    public static String outcome(boolean failed) {
        return failed ? FAILURE : SUCCESS;
    }
}
