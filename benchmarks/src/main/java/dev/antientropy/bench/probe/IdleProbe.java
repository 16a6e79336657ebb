package dev.antientropy.bench.probe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.bench.Results;
import dev.antientropy.bench.Stats;

/**
 * Idle cost, the Go anchor's figure 4: process CPU time over 10 s windows with no syncer, 1 and 1,000 idle
 * syncers (interval 1 minute, so no deadline falls in a window), and again with none; the CPU time of the
 * syncers' own threads over the window; and the heap (after GC) and resident memory per idle syncer. Each
 * syncer runs on a thread of its own: platform threads, or with {@code virtual} virtual threads (Java 21+;
 * made by reflection, so this compiles with release 17).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.IdleProbe platform
 * $JDK25/bin/java -cp benchmarks/target/benchmarks.jar dev.antientropy.bench.probe.IdleProbe virtual
 * </pre>
 * replaces its rows of {@code idle.csv}.
 */
public final class IdleProbe {

    private static final Duration WINDOW = Duration.ofSeconds(10);

    /** Quiet time before each window: the JIT compiles what starting 1,000 syncers ran for several seconds. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private IdleProbe() {
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of every thread of this process, by thread id: the first field of
     * {@code /proc/self/task/TID/schedstat} (nanoseconds on CPU), with the thread's name from {@code comm}.
     * Unlike {@code getProcessCpuTime()} (clock ticks: 10 ms, i.e. 1 CPU-ms/s over a 10 s window), this resolves
     * nanoseconds, and it sees the JVM's own threads (GC, JIT, virtual-thread carriers) by name.
     */
    static Map<Long, Object[]> taskCpu() {
        Map<Long, Object[]> tasks = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc/self/task"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                try {
                    long ns = Long.parseLong(Files.readString(dir.resolve("schedstat")).trim().split(" ")[0]);
                    String name = Files.readString(dir.resolve("comm")).trim();
                    tasks.put(Long.parseLong(dir.getFileName().toString()), new Object[] {name, ns});
                }
                catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException ex) {
            return tasks;
        }
        return tasks;
    }

    /** Sums the CPU used between two snapshots, by thread-name group (digits dropped), largest first. */
    static SortedMap<String, Long> byGroup(Map<Long, Object[]> before,
            Map<Long, Object[]> after) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, now) -> {
            Object[] then = before.get(tid);
            long delta = (long) now[1] - (then == null ? 0 : (long) then[1]);
            String group = ((String) now[0]).replaceAll("[0-9]+", "#");
            groups.merge(group, delta, Long::sum);
        });
        SortedMap<String, Long> sorted = new TreeMap<>();
        sorted.putAll(groups);
        return sorted;
    }

    /**
     * CPU-ms per second over WINDOW: {process (schedstat, without the probe's own thread), process
     * (getProcessCpuTime), syncers' own threads (ThreadMXBean; -1 for virtual threads)}, and prints where the CPU
     * went by thread group.
     */
    private static double[] window(List<Thread> syncerThreads) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Run the measuring code before the window, so that the JIT compiles it now (over 1,000 threads its
        // loops get hot enough for C2), not inside the window.
        for (int i = 0; i < 50; i++) {
            byGroup(taskCpu(), taskCpu());
            threadCpu(threads, syncerThreads);
        }
        System.gc();
        Thread.sleep(SETTLE.toMillis()); // let the JIT finish what the set-up gave it
        long[] before = threadCpu(threads, syncerThreads);
        Map<Long, Object[]> tasks0 = taskCpu();
        long c0 = processCpuNanos();
        long w0 = System.nanoTime();
        Thread.sleep(WINDOW.toMillis());
        long c1 = processCpuNanos();
        long w1 = System.nanoTime();
        Map<Long, Object[]> tasks1 = taskCpu();
        long[] after = threadCpu(threads, syncerThreads);
        double seconds = (w1 - w0) / 1e9;
        double syncers = -1;
        if (before != null && after != null) {
            long sum = 0;
            for (int i = 0; i < before.length; i++) {
                sum += after[i] - before[i];
            }
            syncers = sum / 1e6 / seconds;
        }
        SortedMap<String, Long> groups = byGroup(tasks0, tasks1);
        // "java" is the probe's own main thread: it sleeps through the window, and what it spends reading the
        // counters at both ends is measurement overhead, shown but not counted.
        long total = groups.entrySet().stream().filter(e -> !e.getKey().equals("java"))
                .mapToLong(Map.Entry::getValue).sum();
        StringBuilder where = new StringBuilder("    by thread (CPU-ms per s):");
        groups.forEach((group, ns) -> {
            if (ns > 0) {
                where.append(Stats.fmt(" %s=%.4f", group, ns / 1e6 / seconds));
            }
        });
        System.out.println(where);
        return new double[] {total / 1e6 / seconds, (c1 - c0) / 1e6 / seconds, syncers};
    }

    private static long[] threadCpu(ThreadMXBean threads, List<Thread> syncerThreads) {
        if (syncerThreads.isEmpty() || isVirtual(syncerThreads.get(0))) {
            return null;
        }
        long[] cpu = new long[syncerThreads.size()];
        for (int i = 0; i < cpu.length; i++) {
            @SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19+
            long id = syncerThreads.get(i).getId();
            cpu[i] = threads.getThreadCpuTime(id);
        }
        return cpu;
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        }
        catch (ReflectiveOperationException ex) {
            return false;
        }
    }

    /** {@code Thread.ofVirtual().factory()}, by reflection. */
    static ThreadFactory virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("virtual threads need Java 21+; this is "
                    + System.getProperty("java.version"), ex);
        }
    }

    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (IOException ex) {
            // fall through
        }
        return -1;
    }

    /**
     * Runs the windows.
     *
     * @param args {@code platform} (default) or {@code virtual}
     */
    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "platform";
        ThreadFactory factory = kind.equals("virtual") ? virtualThreads() : null;
        String label = kind + "-java" + Runtime.version().feature();
        Results.printMachine("idle syncers, " + kind + " threads");
        List<String> rows = new ArrayList<>();
        double[] base = window(List.of());
        System.out.printf("no syncer (before):  %.4f CPU-ms per s (getProcessCpuTime: %.1f)%n", base[0], base[1]);
        rows.add(Stats.fmt("%s,baseline_before,0,%.4f,%.1f,,,,", label, base[0], base[1]));
        for (int n : new int[] {1, 1_000}) {
            long heap0 = liveHeap();
            long rss0 = rssBytes();
            int threads0 = taskCpu().size();
            List<StateSyncer> syncers = new ArrayList<>(n);
            List<Thread> syncerThreads = new ArrayList<>(n);
            CountDownLatch started = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                StateSyncer.Builder builder = StateSyncer.builder(new SyncState() {
                    @Override
                    public void syncFull() {
                        synchronized (syncerThreads) {
                            syncerThreads.add(Thread.currentThread());
                        }
                        started.countDown();
                    }

                    @Override
                    public void syncChanges() {
                    }
                }).name("idle-" + i).interval(Duration.ofMinutes(1));
                if (factory != null) {
                    builder.threadFactory(factory);
                }
                StateSyncer syncer = builder.build();
                syncer.start();
                syncers.add(syncer);
            }
            started.await();
            Thread.sleep(100); // every syncer parks
            long heap1 = liveHeap();
            long rss1 = rssBytes();
            double[] cpu = window(syncerThreads);
            double heapPer = (heap1 - heap0) / (double) n;
            double rssPer = (rss1 - rss0) / (double) n;
            System.out.printf("%d syncer(s):        %.4f CPU-ms per s (process; getProcessCpuTime: %.1f); syncers' own"
                    + " threads %s CPU-ms per s; heap %.0f B and RSS %.0f B per syncer; live threads %d -> %d%n", n,
                    cpu[0], cpu[1], cpu[2] < 0 ? "n/a (virtual)" : Stats.fmt("%.4f", cpu[2]), heapPer, rssPer,
                    threads0, taskCpu().size());
            rows.add(Stats.fmt("%s,syncers,%d,%.4f,%.1f,%s,%.0f,%.0f,%d", label, n, cpu[0], cpu[1],
                    cpu[2] < 0 ? "" : Stats.fmt("%.4f", cpu[2]), heapPer, rssPer, taskCpu().size()));
            for (StateSyncer syncer : syncers) {
                syncer.close();
            }
        }
        double[] after = window(List.of());
        System.out.printf("no syncer (after):   %.4f CPU-ms per s (getProcessCpuTime: %.1f)%n", after[0], after[1]);
        rows.add(Stats.fmt("%s,baseline_after,0,%.4f,%.1f,,,,", label, after[0], after[1]));
        LatencyProbe.appendCsv("idle.csv", "label,phase,syncers,process_cpu_ms_per_s,process_cpu_ms_per_s_ticks,"
                + "syncer_threads_cpu_ms_per_s,heap_bytes_per_syncer,rss_bytes_per_syncer,os_threads", rows, label);
    }
}
