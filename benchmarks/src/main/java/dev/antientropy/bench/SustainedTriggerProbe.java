package dev.antientropy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;

/**
 * Memory under a sustained trigger load (the Go original grows by hundreds of MB: a timer per partial sync):
 * one thread calls {@code triggerSyncChanges()} flat out for 60 s on a running syncer with a no-op
 * {@code syncChanges()}, as the JMH benchmark {@code running1} does; every 5 s the live heap after a full GC is
 * sampled (what the collection left in the heap pools). Also splits the allocation by thread (HotSpot's per-thread allocation counters): bytes per trigger
 * on the triggering thread, bytes per {@code syncChanges()} on the syncer's thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.SustainedTriggerProbe [seconds]
 * </pre>
 * writes {@code memory_sustained.csv}.
 */
public final class SustainedTriggerProbe {

    private SustainedTriggerProbe() {
    }

    private static volatile boolean stop;
    private static volatile long triggers; // the producer writes

    /**
     * The live heap: what the last collection left in every heap pool ({@code MemoryPoolMXBean.getCollectionUsage}).
     * Reading {@code getHeapMemoryUsage()} right after {@code System.gc()} would also count what the running
     * threads allocated since (tens of MB at this allocation rate).
     */
    private static long liveAfterGc() {
        System.gc();
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live;
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19+
    private static long allocated(Thread thread) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(thread.getId());
    }

    /**
     * Runs the load.
     *
     * @param args {@code [seconds]}, default 60
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Results.printMachine("memory under a sustained trigger load, " + seconds + " s");
        CountDownLatch first = new CountDownLatch(1);
        Thread[] syncerThread = new Thread[1];
        long[] changes = new long[1];
        StateSyncer syncer = StateSyncer.builder(new SyncState() {
            @Override
            public void syncFull() {
                syncerThread[0] = Thread.currentThread();
                first.countDown();
            }

            @Override
            public void syncChanges() {
                changes[0]++; // the syncer's thread only
            }
        }).name("sustained").interval(Duration.ofMinutes(1)).build();
        syncer.start();
        first.await();
        Thread producer = new Thread(() -> {
            long n = 0;
            while (!stop) {
                for (int i = 0; i < 1 << 20; i++) {
                    syncer.triggerSyncChanges();
                }
                n += 1 << 20;
                triggers = n;
            }
        }, "producer");
        long heapStart = liveAfterGc();
        long producerBytes0 = 0; // the producer thread has not started: it has allocated nothing yet
        long syncerBytes0 = allocated(syncerThread[0]);
        long changes0 = changes[0];
        producer.start();
        List<String> rows = new ArrayList<>();
        rows.add(Stats.fmt("0,0,0,%.2f,,", heapStart / 1e6));
        System.out.printf("t=0 s: heap after GC %.2f MB%n", heapStart / 1e6);
        long start = System.nanoTime();
        for (int t = 5; t <= seconds; t += 5) {
            Thread.sleep(Math.max(0, start + t * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            long n = triggers;
            long producerBytes = allocated(producer) - producerBytes0;
            long syncerBytes = allocated(syncerThread[0]) - syncerBytes0;
            long syncs = changes[0] - changes0;
            long heap = liveAfterGc();
            System.out.printf("t=%d s: %,d triggers, %,d syncChanges() calls; heap after GC %.2f MB;"
                    + " producer %.4f B/trigger; syncer thread %.0f B/syncChanges()%n", t, n, syncs, heap / 1e6,
                    (double) producerBytes / n, (double) syncerBytes / syncs);
            rows.add(Stats.fmt("%d,%d,%d,%.2f,%.5f,%.1f", t, n, syncs, heap / 1e6, (double) producerBytes / n,
                    (double) syncerBytes / syncs));
        }
        stop = true;
        producer.join();
        syncer.close();
        Results.writeCsv("memory_sustained.csv", "t_s,triggers,sync_changes_calls,heap_after_gc_mb,"
                + "producer_bytes_per_trigger,syncer_thread_bytes_per_sync_changes", rows);
    }
}
