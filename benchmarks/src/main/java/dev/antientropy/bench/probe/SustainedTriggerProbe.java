package dev.antientropy.bench.probe;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;

/**
 * Memory under a sustained trigger load (the Go original grows by hundreds of MB: a timer per partial sync):
 * one thread calls {@code triggerSyncChanges()} flat out for 60 s on a running syncer with a no-op
 * {@code syncChanges()}, as the JMH benchmark {@code running1} does; every 5 s the live heap after a full GC is
 * sampled (with the producer held for the reading). Also splits the allocation by thread (HotSpot's per-thread allocation counters): bytes per trigger
 * on the triggering thread, bytes per {@code syncChanges()} on the syncer's thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.SustainedTriggerProbe [seconds]
 * </pre>
 * writes {@code memory_sustained.csv}.
 */
public final class SustainedTriggerProbe {

    private SustainedTriggerProbe() {
    }

    private static volatile boolean stop;
    private static volatile boolean hold; // the sampler sets it to read the heap while nothing allocates
    private static volatile boolean holding; // the producer's answer
    private static volatile long triggers; // the producer writes

    /**
     * The live heap: the producer holds still (and the syncer goes idle), a full GC runs, and the heap in use is
     * read before anything allocates again. Reading it while they run would count what they allocate after the
     * collection (tens of MB at this rate).
     */
    private static long liveAfterGc(boolean producerRunning) throws InterruptedException {
        if (producerRunning) {
            hold = true;
            while (!holding) {
                Thread.onSpinWait();
            }
        }
        Thread.sleep(20); // the syncer serves the last request and parks
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        hold = false;
        return live;
    }

    /**
     * DIAGNOSTIC, by reflection into the core's internals (the benchmarks only): the length of the queue of the
     * default scheduler's executor, i.e. loop tasks waiting to run. -1 when the internals are not as expected,
     * as since the default scheduler became a lean thread with no executor (the figures before that keep it).
     */
    static int executorQueueLength(StateSyncer syncer) {
        try {
            Object machine = field(syncer, "machine");
            Object scheduler = field(machine, "ownScheduler");
            Object executor = field(scheduler, "loop");
            return ((java.util.concurrent.ThreadPoolExecutor) executor).getQueue().size();
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            return -1;
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
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
                while (hold && !stop) {
                    holding = true;
                    Thread.onSpinWait();
                }
                holding = false;
            }
        }, "producer");
        long heapStart = liveAfterGc(false);
        long producerBytes0 = 0; // the producer thread has not started: it has allocated nothing yet
        long syncerBytes0 = allocated(syncerThread[0]);
        long changes0 = changes[0];
        producer.start();
        List<String> rows = new ArrayList<>();
        rows.add(Stats.fmt("0,0,0,%.2f,,,%d", heapStart / 1e6, executorQueueLength(syncer)));
        System.out.printf("t=0 s: heap after GC %.2f MB%n", heapStart / 1e6);
        long start = System.nanoTime();
        for (int t = 5; t <= seconds; t += 5) {
            Thread.sleep(Math.max(0, start + t * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            long n = triggers;
            long producerBytes = allocated(producer) - producerBytes0;
            long syncerBytes = allocated(syncerThread[0]) - syncerBytes0;
            long syncs = changes[0] - changes0;
            int queued = executorQueueLength(syncer); // read while the producer runs
            long heap = liveAfterGc(true);
            System.out.printf("t=%d s: %,d triggers, %,d syncChanges() calls; heap after GC %.2f MB;"
                    + " producer %.4f B/trigger; syncer thread %.0f B/syncChanges(); executor queue %,d tasks%n", t, n,
                    syncs, heap / 1e6, (double) producerBytes / n, (double) syncerBytes / syncs, queued);
            rows.add(Stats.fmt("%d,%d,%d,%.2f,%.5f,%.1f,%d", t, n, syncs, heap / 1e6, (double) producerBytes / n,
                    (double) syncerBytes / syncs, queued));
        }
        stop = true;
        producer.join();
        syncer.close();
        Results.writeCsv("memory_sustained.csv", "t_s,triggers,sync_changes_calls,heap_after_gc_mb,"
                + "producer_bytes_per_trigger,syncer_thread_bytes_per_sync_changes,executor_queue_tasks", rows);
    }
}
