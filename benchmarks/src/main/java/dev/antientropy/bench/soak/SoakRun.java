package dev.antientropy.bench.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncStatus;
import dev.antientropy.bench.Results;

/**
 * The soak (issue 13): an in-process Spring Boot application on the starter ({@link SoakApp}, Tomcat on a free
 * port) with one syncer over a {@link FlappingState} that fails a seeded 30 % of its syncs, driven for a long
 * time by sustained partial- and full-sync triggers, nested pauses and resumes (through the Java API and through
 * the endpoint's POSTs) and real HTTP reads of {@code /actuator/antientropy}. Every 10 s it runs
 * {@link System#gc()} and writes the heap in use after it, the live threads and the open file descriptors
 * ({@code /proc/self/fd}) to {@code soak.csv} ({@code seconds,heap_after_gc_bytes,threads,fds}) in the results
 * folder; {@link InvariantChecker} checks the invariants all along. At the end it writes
 * {@code soak-summary.txt} and {@code soak.png} ({@link SoakReport}).
 *
 * <pre>
 * java -cp ... dev.antientropy.bench.soak.SoakRun [SECONDS (1800)] [SAMPLE_SECONDS (10)] [SEED (13)]
 * </pre>
 * (benchmarks/scripts/soak.sh builds the class path.)
 */
public final class SoakRun {

    private static final Pattern PAUSE_DEPTH = Pattern.compile("\"pauseDepth\"\\s*:\\s*(-?\\d+)");

    /** Written by the main thread, read by the drivers. */
    private static volatile boolean running = true;

    private final StateSyncer syncer;

    private final FlappingState state;

    private final InvariantChecker checker;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    private final long seed;

    private final LongAdder changesTriggers = new LongAdder();

    private final LongAdder fullTriggers = new LongAdder();

    private final LongAdder pauses = new LongAdder();

    private final LongAdder resumes = new LongAdder();

    private final LongAdder httpGets = new LongAdder();

    private final LongAdder httpPosts = new LongAdder();

    private final LongAdder httpNot2xx = new LongAdder();

    private final LongAdder driverErrors = new LongAdder();

    private final AtomicReference<String> firstDriverError = new AtomicReference<>("");

    private SoakRun(StateSyncer syncer, FlappingState state, int port, long seed) {
        this.syncer = syncer;
        this.state = state;
        this.checker = new InvariantChecker(syncer, state, Duration.ofSeconds(15));
        this.base = "http://127.0.0.1:" + port + "/actuator/antientropy";
        this.seed = seed;
    }

    /**
     * Runs the soak.
     *
     * @param args the duration in seconds (1800), the sampling period in seconds (10), the seed (13)
     * @throws Exception when the run cannot go on
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 1800;
        int sampleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 13;
        Results.printMachine("SoakRun " + seconds + " s, samples every " + sampleSeconds + " s, seed " + seed);

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.main.banner-mode", "off");
        properties.put("management.endpoints.web.exposure.include", "antientropy,health");
        properties.put("management.endpoint.antientropy.access", "unrestricted");
        // Short windows, so that 30 minutes hold thousands of full syncs, retries and back-offs.
        properties.put("antientropy.interval", "2s");
        properties.put("antientropy.server-up-interval", "200ms");
        properties.put("antientropy.retry-fail-interval", "500ms");
        properties.put("antientropy.retry-backoff.multiplier", "2.0");
        properties.put("antientropy.retry-backoff.max-interval", "4s");
        properties.put("antientropy.sync-timeout", "5s");
        properties.put("soak.seed", Long.toString(seed));
        properties.put("soak.failure-share", "0.3");
        properties.put("soak.full-call-micros", "2000");
        properties.put("soak.changes-call-micros", "500");
        // The failures are logged as a user would see them, into a rolled file (bounded on disk), not the console.
        properties.put("logging.file.name", System.getProperty("soak.log", "benchmarks/target/soak/soak-app.log"));
        properties.put("logging.logback.rollingpolicy.max-file-size", "10MB");
        properties.put("logging.logback.rollingpolicy.max-history", "2");
        properties.put("logging.threshold.console", "OFF");

        SpringApplication application = new SpringApplication(SoakApp.class);
        application.setDefaultProperties(properties);
        try (ConfigurableApplicationContext context = application.run()) {
            StateSyncer syncer = context.getBean(StateSyncer.class);
            FlappingState state = context.getBean(FlappingState.class);
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
            System.out.println("application started: syncer '" + syncer.status().name() + "', port " + port);
            new SoakRun(syncer, state, port, seed).run(seconds, sampleSeconds);
        }
    }

    private void run(int seconds, int sampleSeconds) throws Exception {
        Path csv = Results.dir().resolve("soak.csv");
        List<long[]> rows = new ArrayList<>();
        List<Thread> drivers = List.of(
                driver("soak-changes", this::changesDriver),
                driver("soak-full", this::fullDriver),
                driver("soak-pause-api", this::pauseDriver),
                driver("soak-http-read", this::httpReader),
                driver("soak-http-act", this::httpActor));
        Thread checking = new Thread(() -> {
            while (running) {
                checker.check();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }, "soak-checker");

        long start = System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("seconds,heap_after_gc_bytes,threads,fds\n");
            sample(0, out, rows);
            drivers.forEach(Thread::start);
            checking.start();
            for (int k = 1; (long) k * sampleSeconds <= seconds; k++) {
                long due = start + TimeUnit.SECONDS.toNanos((long) k * sampleSeconds);
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                sample(k * sampleSeconds, out, rows);
            }
            running = false;
            for (Thread driver : drivers) {
                driver.join(TimeUnit.SECONDS.toMillis(30));
            }
            checking.join(TimeUnit.SECONDS.toMillis(30));
        }
        // Every pause was resumed in the drivers' finally blocks; the last triggers still wait for their sync.
        checker.drain(Duration.ofSeconds(30));
        SyncStatus status = syncer.status();
        System.out.println("wrote " + csv);

        Map<String, String> counts = new LinkedHashMap<>();
        counts.put("duration", seconds + " s, samples every " + sampleSeconds + " s (" + rows.size() + " samples)");
        counts.put("seed", Long.toString(seed));
        counts.put("partial-sync triggers", changesTriggers.sum() + " (Java API, plus the endpoint's sync-changes)");
        counts.put("full-sync triggers", fullTriggers.sum() + " (Java API, plus the endpoint's sync-full)");
        counts.put("pauses / resumes", pauses.sum() + " / " + resumes.sum() + " (nested up to 3 deep; API and POST)");
        counts.put("HTTP GETs / POSTs", httpGets.sum() + " / " + httpPosts.sum() + "; not 2xx: " + httpNot2xx.sum());
        counts.put("full syncs (status)", status.fullSyncs() + ", failed " + status.fullSyncFailures());
        counts.put("partial syncs (status)", status.partialSyncs() + ", failed " + status.partialSyncFailures());
        counts.put("seeded failures thrown", state.failures() + " of " + (state.fullSyncs() + state.changesSyncs())
                + " sync calls");
        counts.put("invariant checks", checker.checks() + " (every 50 ms); max pause depth seen "
                + checker.maxPauseDepth() + "; longest wait of a trigger for a sync start "
                + checker.longestWait().toMillis() + " ms");
        counts.put("driver errors", driverErrors.sum() + (driverErrors.sum() == 0 ? "" : " first: " + firstDriverError.get()));

        Map<String, Long> invariants = new LinkedHashMap<>();
        invariants.put("two syncs at once", state.overlaps());
        invariants.put("triggers not followed by a sync start within " + checker.boundSeconds() + " s",
                checker.lateTriggers());
        invariants.put("triggers never followed by a sync start (after the drivers stopped)", checker.uncoveredAtEnd());
        invariants.put("negative pause depths (status reads and endpoint JSON)", checker.negativeDepths());
        invariants.put("status() reads that failed", checker.statusFailures());
        if (checker.statusFailures() > 0) {
            counts.put("first failed status() read", checker.firstStatusFailure());
        }
        SoakReport.write(rows, counts, invariants, Results.dir());
    }

    private Thread driver(String name, Driver body) {
        SplittableRandom random = new SplittableRandom(seed * 31 + name.hashCode());
        Thread thread = new Thread(() -> {
            while (running) {
                try {
                    body.step(random);
                }
                catch (Exception | AssertionError ex) {
                    driverErrors.increment();
                    firstDriverError.compareAndSet("", name + ": " + ex);
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    @FunctionalInterface
    private interface Driver {
        void step(SplittableRandom random) throws Exception;
    }

    /** Bursts of partial-sync triggers: 10 every 2 ms. */
    private void changesDriver(SplittableRandom random) {
        for (int i = 0; i < 10; i++) {
            long before = System.nanoTime();
            syncer.triggerSyncChanges();
            checker.triggered(before);
            changesTriggers.increment();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }

    /** A full-sync request every 50-150 ms. */
    private void fullDriver(SplittableRandom random) {
        long before = System.nanoTime();
        syncer.triggerSyncFull();
        checker.triggered(before);
        fullTriggers.increment();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(101)));
    }

    /** Nested pauses (1-3 deep) held 0-100 ms, every 100-500 ms, always resumed. */
    private void pauseDriver(SplittableRandom random) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(401)));
        int depth = 1 + random.nextInt(3);
        int paused = 0;
        try {
            for (; paused < depth; paused++) {
                syncer.pause();
                pauses.increment();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(101)));
        }
        finally {
            for (; paused > 0; paused--) {
                syncer.resume();
                resumes.increment();
            }
        }
    }

    /** GET /actuator/antientropy every 50 ms, and /actuator/antientropy/soak every fifth time. */
    private void httpReader(SplittableRandom random) throws Exception {
        for (int i = 0; i < 5 && running; i++) {
            get(i == 4 ? base + "/soak" : base);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Every 200-800 ms one POST: a pause held 0-200 ms then its resume, a sync-changes or a sync-full. */
    private void httpActor(SplittableRandom random) throws Exception {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(601)));
        int choice = random.nextInt(3);
        if (choice == 0) {
            if (!post("pause")) {
                return;
            }
            pauses.increment();
            try {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(201)));
            }
            finally {
                // Resume even when the run stopped meanwhile: no pause may be left behind.
                while (!post("resume")) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
                resumes.increment();
            }
        }
        else {
            long before = System.nanoTime();
            boolean changes = choice == 1;
            if (post(changes ? "sync-changes" : "sync-full")) {
                checker.triggered(before);
                (changes ? changesTriggers : fullTriggers).increment();
            }
        }
    }

    private void get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        httpGets.increment();
        depths(response);
    }

    private boolean post(String action) throws Exception {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(base + "/soak"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"" + action + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            driverErrors.increment();
            firstDriverError.compareAndSet("", "POST " + action + ": " + ex);
            return false;
        }
        httpPosts.increment();
        depths(response);
        return response.statusCode() / 100 == 2;
    }

    private void depths(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            httpNot2xx.increment();
            firstDriverError.compareAndSet("", response.request().method() + " " + response.uri() + " -> "
                    + response.statusCode() + " " + response.body());
            return;
        }
        Matcher depth = PAUSE_DEPTH.matcher(response.body());
        boolean found = false;
        while (depth.find()) {
            checker.httpPauseDepth(Integer.parseInt(depth.group(1)));
            found = true;
        }
        if (!found) {
            driverErrors.increment();
            firstDriverError.compareAndSet("", "no pauseDepth in " + response.body());
        }
    }

    private void sample(int seconds, BufferedWriter out, List<long[]> rows) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        rows.add(new long[] {seconds, heap, threads, fds});
        out.write(seconds + "," + heap + "," + threads + "," + fds + "\n");
        out.flush();
        System.out.printf("t=%5d s  heap %6.2f MB  threads %3d  fds %3d | triggers %d changes, %d full; "
                + "syncs %d full, %d changes; GETs %d, POSTs %d; errors %d; loadavg %s%n", seconds, heap / 1e6, threads,
                fds, changesTriggers.sum(), fullTriggers.sum(), state.fullSyncs(), state.changesSyncs(), httpGets.sum(),
                httpPosts.sum(), driverErrors.sum() + httpNot2xx.sum(), Results.loadAverage());
    }
}
