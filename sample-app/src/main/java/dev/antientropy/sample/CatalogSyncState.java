package dev.antientropy.sample;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import dev.antientropy.SyncState;
import dev.antientropy.sample.LocalServices.Snapshot;

/**
 * Mirrors this node's {@link LocalServices} into the {@code catalog} table: the {@link SyncState} that the
 * starter turns into a {@code StateSyncer} (bean {@code catalog}, so syncer {@code catalog}).
 *
 * <p>{@link #syncFull()} reconciles this node's rows with the local state in one transaction: inserts the
 * missing, updates the changed, deletes the stale; it repairs whatever drift the table suffered. {@link
 * #syncChanges()} pushes only the services changed since the last push, also in one transaction. Both take
 * the dirty ids from the local state first and give them back when they fail, so a change made during an
 * outage goes out with the next successful sync. The syncer calls both from its own thread, never at once.
 */
public final class CatalogSyncState implements SyncState {

    private static final Logger log = LoggerFactory.getLogger(CatalogSyncState.class);

    private final LocalServices local;
    private final CatalogTable table;
    private final TransactionOperations transactions;
    private final AtomicInteger nodeCount = new AtomicInteger(1); // syncer thread writes, any thread reads

    public CatalogSyncState(LocalServices local, CatalogTable table, TransactionOperations transactions) {
        this.local = Objects.requireNonNull(local, "local");
        this.table = Objects.requireNonNull(table, "table");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public void syncFull() {
        Snapshot snapshot = local.takeAll();
        try {
            Repair repair = transactions.execute(status -> reconcile(snapshot));
            local.pushed(snapshot);
            nodeCount.set(repair.nodes());
            if (repair.changedAnything()) {
                log.info("full sync of node '{}': catalog repaired: {} inserted, {} updated, {} deleted",
                        table.nodeId(), repair.inserted(), repair.updated(), repair.deleted());
            }
            else {
                log.debug("full sync of node '{}': catalog in step ({} services)", table.nodeId(),
                        snapshot.services().size());
            }
        }
        catch (Throwable failure) {
            local.failed(snapshot);
            throw failure;
        }
    }

    @Override
    public void syncChanges() {
        Snapshot changes = local.takeChanges();
        try {
            if (changes.isEmpty()) {
                local.pushed(changes);
                return;
            }
            transactions.executeWithoutResult(status -> push(changes));
            local.pushed(changes);
            log.info("partial sync of node '{}': pushed {} upserted, {} deleted", table.nodeId(),
                    changes.services().size(), changes.deletes().size());
        }
        catch (Throwable failure) {
            local.failed(changes);
            throw failure;
        }
    }

    /**
     * Returns the number of nodes seen in the catalog at the last successful full sync, which the sample
     * offers as the cluster size that stretches the syncer's delays.
     *
     * @return at least 1
     */
    public int nodeCount() {
        return nodeCount.get();
    }

    private Repair reconcile(Snapshot snapshot) {
        Map<String, CatalogRow> remote = new HashMap<>();
        for (CatalogRow row : table.rows()) {
            remote.put(row.serviceId(), row);
        }
        int inserted = 0;
        int updated = 0;
        for (ServiceRegistration service : snapshot.services()) {
            CatalogRow row = remote.remove(service.id());
            if (row == null) {
                table.insert(service);
                inserted++;
            }
            else if (!row.matches(service)) {
                table.update(service);
                updated++;
            }
        }
        for (String stale : remote.keySet()) {
            table.delete(stale);
        }
        return new Repair(inserted, updated, remote.size(), table.nodeCount());
    }

    private void push(Snapshot changes) {
        for (ServiceRegistration service : changes.services()) {
            if (!table.update(service)) {
                table.insert(service);
            }
        }
        for (String id : changes.deletes()) {
            table.delete(id);
        }
    }

    private record Repair(int inserted, int updated, int deleted, int nodes) {

        boolean changedAnything() {
            return inserted + updated + deleted > 0;
        }
    }
}
