package dev.antientropy.bench.jmh;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;

/**
 * Cost of {@link StateSyncer#triggerSyncChanges()}: the Go anchor's figures 1 and 2
 * ({@code BenchmarkTriggerUncontended}, {@code BenchmarkTriggerParallel}) and their no-consumer reference rows.
 *
 * <p>Throughput mode, so that the two-thread score is the sum of both threads' operations over the same wall
 * time: {@code 1000 / score} (ops/us) is wall time divided by total operations, which is what Go's
 * {@code b.RunParallel} reports as ns/op. The syncer runs for real on its own thread (interval 1 minute,
 * no-op {@code syncChanges()}), consuming requests while the benchmark threads produce them; each iteration
 * prints how many {@code syncChanges()} calls it caused.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TriggerBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class TriggerBenchmark {

    /** A started syncer with a no-op, counting {@code syncChanges()}; prints the calls of each iteration. */
    abstract static class Started {

        StateSyncer syncer;
        final CountingState state = new CountingState();
        long callsBefore;
        long iterationStart;

        void begin(StateSyncer started) throws InterruptedException {
            syncer = started;
            syncer.start();
            state.firstFullSync.await();
            Thread.sleep(1); // let the syncer park, as the Go benchmark does
        }

        void mark() {
            callsBefore = state.changes;
            iterationStart = System.nanoTime();
        }

        void report() {
            long calls = state.changes - callsBefore;
            double seconds = (System.nanoTime() - iterationStart) / 1e9;
            System.out.printf("  [syncChanges() calls: %d in %.2f s = %.0f/s]%n", calls, seconds, calls / seconds);
        }
    }

    /** The syncer on its default scheduler: its own thread. */
    @State(Scope.Benchmark)
    public static class Running extends Started {

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            begin(StateSyncer.builder(state).name("bench").interval(Duration.ofMinutes(1)).build());
        }

        @Setup(Level.Iteration)
        public void beforeIteration() {
            mark();
        }

        @TearDown(Level.Iteration)
        public void afterIteration() {
            report();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            syncer.close();
        }
    }

    /** A syncer that is never started: every request after the first finds its bit set (the fast path). */
    @State(Scope.Benchmark)
    public static class NotStarted {

        StateSyncer syncer;

        @Setup(Level.Trial)
        public void build() {
            syncer = StateSyncer.builder(new CountingState()).name("idle").build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            syncer.close();
        }
    }

    /** Go figure 1: one thread triggering a running syncer. */
    @Benchmark
    @Threads(1)
    public void running1(Running running) {
        running.syncer.triggerSyncChanges();
    }

    /** Go figure 2: two threads triggering a running syncer. */
    @Benchmark
    @Threads(2)
    public void running2(Running running) {
        running.syncer.triggerSyncChanges();
    }

    /** Reference: nobody consumes, one thread. */
    @Benchmark
    @Threads(1)
    public void noConsumer1(NotStarted idle) {
        idle.syncer.triggerSyncChanges();
    }

    /** Reference: nobody consumes, two threads. */
    @Benchmark
    @Threads(2)
    public void noConsumer2(NotStarted idle) {
        idle.syncer.triggerSyncChanges();
    }

    /** Counts calls; only the syncer's thread writes. */
    static final class CountingState implements SyncState {

        final CountDownLatch firstFullSync = new CountDownLatch(1);
        volatile long changes; // syncer thread writes, the benchmark's iteration hooks read

        @Override
        public void syncFull() {
            firstFullSync.countDown();
        }

        @Override
        @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer
        public void syncChanges() {
            changes++;
        }
    }
}
