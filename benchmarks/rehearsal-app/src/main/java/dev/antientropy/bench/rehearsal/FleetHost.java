package dev.antientropy.bench.rehearsal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import dev.antientropy.FleetPosition;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;

/**
 * Runs one scenario of the rehearsal: hosts a fleet of real {@link StateSyncer}s in this JVM, each node with its
 * own local state ({@link NodeRows}) and its own rows in PostgreSQL ({@link RowSync}), in real time; optionally
 * stops and starts PostgreSQL mid-run; then checks that every node's rows equal its local state, counts the
 * committed full syncs per 100 ms from the {@code sync_log} timestamps that PostgreSQL wrote, runs the
 * {@link Prediction} with the same N and settings, and writes the scenario's time series, plot and summary row.
 *
 * <pre>
 * java -Dloader.main=dev.antientropy.bench.rehearsal.FleetHost -cp antientropy-rehearsal-app.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --scenario steady_random --quick \
 *     --jdbc jdbc:postgresql://127.0.0.1:5439/rehearsal --out benchmarks/results/rehearsal
 * </pre>
 * Options: {@code --nodes N} (fleet host nodes), {@code --apps K} (node applications running beside it, counted
 * in the cluster size), {@code --pool P} (connections), {@code --pg-stop CMD} and {@code --pg-start CMD} (shell
 * commands for {@code postgres_restart}).
 */
public final class FleetHost {

    /** Node ids from here on belong to the node applications. */
    static final int APP_NODE_IDS = 1_000_000;

    private FleetHost() {
    }

    /**
     * Applies a scenario's timing to a node's builder: the same for the measured nodes and the predicted ones.
     *
     * @param builder the node's builder
     * @param scenario the scenario
     * @param index the node's index in the fleet host
     * @param stagger the random stagger to use where the scenario staggers
     * @return the builder
     */
    static StateSyncer.Builder timing(StateSyncer.Builder builder, Scenario scenario, int index, Stagger stagger) {
        int clusterSize = scenario.nodes();
        builder.interval(scenario.interval())
            .serverUpInterval(scenario.serverUpInterval())
            .retryFailInterval(scenario.retryFailInterval())
            .clusterSize(() -> clusterSize)
            .startupStagger(scenario.startupStagger());
        switch (scenario.spread()) {
            case NAIVE -> builder.stagger(Stagger.none());
            case RANDOM -> builder.stagger(stagger);
            case RANK -> {
                // Rank spread as discovery gives it without churn: up to FleetRing.WINDOW members, FleetRing gives
                // every member a slot of its own, one after another; here the slot is the node's index (the apps,
                // which use FleetMembership, take theirs from the ring: three slots of 2,003 may be shared).
                Optional<FleetPosition> position = Optional.of(new FleetPosition(index, clusterSize));
                builder.stagger(stagger).fleetPosition(() -> position);
            }
        }
        return builder;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        boolean quick = options.containsKey("quick");
        Scenario scenario = Scenario.of(options.get("scenario"), quick,
                Integer.parseInt(options.getOrDefault("nodes", "0")),
                Integer.parseInt(options.getOrDefault("apps", "0")));
        String jdbc = options.get("jdbc");
        Path out = Path.of(options.getOrDefault("out", "benchmarks/results/rehearsal"));
        Files.createDirectories(out.resolve("raw"));
        System.out.println("scenario " + scenario);
        try (Pool pool = new Pool(jdbc, Integer.parseInt(options.getOrDefault("pool", "16")))) {
            run(scenario, jdbc, pool, out, options.get("pg-stop"), options.get("pg-start"));
        }
    }

    private static void run(Scenario scenario, String jdbc, Pool pool, Path out, String pgStop, String pgStart)
            throws Exception {
        pool.inTransaction(c -> {
            try (PreparedStatement reset = c.prepareStatement("DELETE FROM node_rows WHERE node_id < " + APP_NODE_IDS)) {
                return reset.executeUpdate();
            }
        });
        int n = scenario.hostNodes();
        NodeRows[] locals = new NodeRows[n];
        SyncState[] states = new SyncState[n];
        EntryLog entries = new EntryLog();
        for (int i = 0; i < n; i++) {
            locals[i] = new NodeRows(scenario.rowsPerNode(), 1000L * i);
            states[i] = new Entered(new RowSync(i, locals[i], pool), entries);
        }
        ThreadFactory threads = task -> {
            Thread thread = new Thread(null, task, "node", 256 * 1024);
            thread.setDaemon(true);
            return thread;
        };
        pool.fill();
        warmUp(pool, scenario.rowsPerNode());
        boolean naive = scenario.spread() == Scenario.Spread.NAIVE;
        StateSyncer[] fleet = new StateSyncer[naive ? 0 : n];
        ScheduledThreadPoolExecutor fixedRate = null;
        Timestamp t0;
        long start;
        if (naive) {
            // The naive baseline: every node a fixed-rate full sync on a thread of its own, as
            // @Scheduled(fixedRate = interval) would run it, no jitter, all first runs at the same instant.
            fixedRate = new ScheduledThreadPoolExecutor(n, threads);
            fixedRate.prestartAllCoreThreads();
            Timestamp now = serverNow(pool);
            long nowNanos = System.nanoTime();
            Duration lead = Duration.ofMillis(1500);
            t0 = Timestamp.from(now.toInstant().plus(lead));
            start = nowNanos + lead.toNanos();
            for (SyncState state : states) {
                fixedRate.scheduleAtFixedRate(() -> {
                    try {
                        state.syncFull();
                    }
                    catch (Exception ex) {
                        // counted at the server: a failed sync commits nothing
                    }
                }, start - System.nanoTime(), scenario.interval().toNanos(), TimeUnit.NANOSECONDS);
            }
            System.out.printf(Locale.ROOT, "scheduled %d fixed-rate full syncs%n", n);
        }
        else {
            // Without a start-up stagger every node's first full sync is due at once: they wait at a gate until
            // all are started, so that starting thousands of threads on a busy machine does not spread the start.
            boolean gated = scenario.startupStagger().isZero();
            CountDownLatch gate = new CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                SyncState node = gated ? new Gated(states[i], gate) : states[i];
                fleet[i] = timing(StateSyncer.builder(node), scenario, i, Stagger.uniform())
                    .name("node-" + i)
                    .threadFactory(threads)
                    .build();
            }
            long loop = System.nanoTime();
            t0 = gated ? null : serverNow(pool);
            start = System.nanoTime();
            for (StateSyncer syncer : fleet) {
                syncer.start();
            }
            System.out.printf(Locale.ROOT, "started %d syncers in %d ms%s%n", n,
                    (System.nanoTime() - loop) / 1_000_000, gated ? "; their first full syncs open now" : "");
            if (gated) {
                t0 = serverNow(pool);
                start = System.nanoTime();
            }
            gate.countDown();
        }
        CommitPoller commits = new CommitPoller(jdbc, start);
        commits.start();
        Mutator mutator = new Mutator(locals, naive ? node -> { } : node -> fleet[node].triggerSyncChanges(),
                scenario.changesPerSecond());
        mutator.start();
        long outageFrom = -1;
        long outageTo = -1;
        if (scenario.outageAt() != null) {
            sleepUntil(start, scenario.outageAt());
            outageFrom = System.nanoTime() - start;
            shell(pgStop);
            System.out.printf(Locale.ROOT, "PostgreSQL stopped at %.1f s%n", (System.nanoTime() - start) / 1e9);
            sleepUntil(start, scenario.outageAt().plus(scenario.outage()));
            shell(pgStart);
            outageTo = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "PostgreSQL started again at %.1f s%n", outageTo / 1e9);
        }
        sleepUntil(start, scenario.runFor());
        mutator.halt();
        System.out.printf(Locale.ROOT, "%d local changes made; settling for %s%n", mutator.changes(), scenario.settle());
        sleepUntil(start, scenario.runFor().plus(scenario.settle()));
        for (StateSyncer syncer : fleet) {
            syncer.close();
        }
        if (fixedRate != null) {
            fixedRate.shutdown();
            fixedRate.awaitTermination(1, TimeUnit.MINUTES);
        }
        commits.halt();
        Check check = check(pool, locals);
        Duration horizon = scenario.runFor().plus(scenario.settle());
        Load measured = measured(pool, t0, horizon, "f");
        int from = (int) scenario.windowFrom().toSeconds();
        int to = (int) scenario.runFor().toSeconds();
        if (outageTo >= 0) {
            // The recovery: from the second PostgreSQL was back (a stop and a start take a while) on.
            int back = (int) Math.ceil(outageTo / 1e9);
            to += Math.max(0, back - from);
            from = Math.max(from, back);
        }
        double measuredRatio = measured.peakToMean(from, to);
        double[] simulated = new double[Prediction.SEEDS];
        Load firstSeed = null;
        for (int seed = 1; seed <= Prediction.SEEDS; seed++) {
            Load load = Prediction.simulate(scenario, seed, outageFrom, outageTo, horizon);
            simulated[seed - 1] = load.peakToMean(from, to);
            if (firstSeed == null) {
                firstSeed = load;
            }
        }
        double simulatedRatio = median(simulated);
        String row = String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%d,%d,%d", scenario.name(), scenario.nodes(),
                measuredRatio, simulatedRatio, measured.peakPer100ms(from, to), check.converged(), check.lost());
        appendSummary(out.resolve("summary.csv"), scenario.name(), row);
        Load measuredPartial = measured(pool, t0, horizon, "c");
        Load entered = entries.load(start, horizon);
        writeSeries(out.resolve(scenario.name() + ".csv"), measured, firstSeed, commits.perSecond(),
                commits.loadAverages());
        writeSeries100ms(out.resolve("raw").resolve(scenario.name() + "-100ms.csv"), measured, measuredPartial,
                entered, firstSeed);
        RehearsalPlot.write(out.resolve(scenario.name() + ".png"), scenario, measured, entered, firstSeed, from, to,
                outageFrom, outageTo);
        List<String> raw = new ArrayList<>();
        raw.add(scenario.toString());
        raw.add(String.format(Locale.ROOT, "machine: %d cores, %s %s, load average at the end %.2f",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        raw.add("load average (1 min) during the run: " + loadSummary(commits.loadAverages()));
        raw.add("window: seconds [" + from + ", " + to + ") of the fleet's run");
        raw.add(String.format(Locale.ROOT, "first full sync entered by a syncer at %s s (the fleet host's clock), "
                + "first committed at %s s (PostgreSQL's clock); entered in the window: %d, peak/mean of the entries "
                + "%s", firstSecond(entered), firstSecond(measured), sum(entered.perSecond(), from, to),
                fmt(entered.peakToMean(from, to))));
        raw.add("measured full syncs committed in the window: " + sum(measured.perSecond(), from, to));
        raw.add("measured peak/mean per second: " + fmt(measuredRatio));
        raw.add("simulated peak/mean per second, seeds 1.." + Prediction.SEEDS + ": " + Arrays.toString(simulated)
                + " median " + fmt(simulatedRatio));
        raw.add("simulated full syncs in the window, seed 1: " + sum(firstSeed.perSecond(), from, to));
        raw.add("local changes made: " + mutator.changes());
        if (outageFrom >= 0) {
            raw.add(String.format(Locale.ROOT, "PostgreSQL down from %.2f s to %.2f s", outageFrom / 1e9,
                    outageTo / 1e9));
        }
        raw.add("converged nodes: " + check.converged() + " of " + n + " (fleet host), lost rows: " + check.lost()
                + ", stale or extra rows: " + check.stale());
        raw.add("summary row: " + row);
        Files.write(out.resolve("raw").resolve(scenario.name() + ".txt"), raw);
        raw.forEach(System.out::println);
    }

    /**
     * Runs a few hundred syncs of a throw-away node before the fleet starts, so that the JIT has compiled the
     * sync path: a fleet host JVM plays thousands of nodes, and its cold interpreter must not be what shapes a
     * cold start (each real node is a JVM of its own). The warm-up's rows and log entries are deleted.
     */
    private static void warmUp(Pool pool, int rows) throws Exception {
        int warmUpNode = APP_NODE_IDS - 1;
        NodeRows local = new NodeRows(rows, 0);
        RowSync sync = new RowSync(warmUpNode, local, pool);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            local.mutate(random);
            sync.syncChanges();
            sync.syncFull();
        }
        pool.inTransaction(c -> {
            try (PreparedStatement rowsDelete = c.prepareStatement("DELETE FROM node_rows WHERE node_id = ?");
                    PreparedStatement logDelete = c.prepareStatement("DELETE FROM sync_log WHERE node_id = ?")) {
                rowsDelete.setInt(1, warmUpNode);
                logDelete.setInt(1, warmUpNode);
                return rowsDelete.executeUpdate() + logDelete.executeUpdate();
            }
        });
    }

    private static Timestamp serverNow(Pool pool) throws SQLException {
        return pool.inTransaction(c -> {
            try (PreparedStatement now = c.prepareStatement("SELECT clock_timestamp()");
                    ResultSet rs = now.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1);
            }
        });
    }

    /** A node whose first full sync waits for the gate. */
    private record Gated(SyncState node, CountDownLatch gate) implements SyncState {

        @Override
        public void syncFull() throws Exception {
            gate.await();
            node.syncFull();
        }

        @Override
        public void syncChanges() throws Exception {
            node.syncChanges();
        }
    }

    /**
     * The syncs of one kind ({@code f} full, {@code c} partial) of the fleet host's nodes that PostgreSQL
     * committed, per 100 ms from {@code t0}.
     */
    private static Load measured(Pool pool, Timestamp t0, Duration horizon, String kind) throws SQLException {
        long[][] times = {new long[1024]};
        int[] count = {0};
        pool.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT (extract(epoch FROM at - ?) * 1e9)::bigint "
                    + "FROM sync_log WHERE kind = ? AND node_id < " + APP_NODE_IDS + " AND at >= ?")) {
                select.setTimestamp(1, t0);
                select.setString(2, kind);
                select.setTimestamp(3, t0);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (count[0] == times[0].length) {
                            times[0] = Arrays.copyOf(times[0], count[0] * 2);
                        }
                        times[0][count[0]++] = rs.getLong(1);
                    }
                }
            }
            return null;
        });
        return Load.of(times[0], count[0], horizon.toNanos());
    }

    /** Each node's rows in PostgreSQL against its local state, after the syncers closed. */
    private static Check check(Pool pool, NodeRows[] locals) throws SQLException {
        Map<Integer, Map<Integer, Long>> remote = new HashMap<>();
        pool.inTransaction(c -> {
            try (PreparedStatement select = c
                .prepareStatement("SELECT node_id, key, value FROM node_rows WHERE node_id < " + APP_NODE_IDS);
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    remote.computeIfAbsent(rs.getInt(1), k -> new HashMap<>()).put(rs.getInt(2), rs.getLong(3));
                }
            }
            return null;
        });
        int converged = 0;
        long lost = 0;
        long stale = 0;
        for (int i = 0; i < locals.length; i++) {
            Map<Integer, Long> local = locals[i].snapshot();
            Map<Integer, Long> rows = remote.getOrDefault(i, Map.of());
            if (local.equals(rows)) {
                converged++;
            }
            for (Map.Entry<Integer, Long> row : local.entrySet()) {
                if (!rows.containsKey(row.getKey())) {
                    lost++;
                }
                else if (!rows.get(row.getKey()).equals(row.getValue())) {
                    stale++;
                }
            }
            for (Integer key : rows.keySet()) {
                if (!local.containsKey(key)) {
                    stale++;
                }
            }
        }
        return new Check(converged, lost, stale);
    }

    private record Check(int converged, long lost, long stale) {
    }

    private static void appendSummary(Path file, String scenario, String row) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.startsWith(scenario + ",")) {
                    lines.add(line);
                }
            }
        }
        if (lines.isEmpty()) {
            lines.add("scenario,nodes,measured_peak_to_mean,simulated_peak_to_mean,peak_per_100ms,converged_nodes,"
                    + "lost_rows");
        }
        lines.add(row);
        List<String> ordered = new ArrayList<>();
        ordered.add(lines.get(0));
        for (String name : Scenario.NAMES) {
            for (String line : lines) {
                if (line.startsWith(name + ",")) {
                    ordered.add(line);
                }
            }
        }
        Files.write(file, ordered);
    }

    private static void writeSeries(Path file, Load measured, Load simulated, int[] commits, double[] loadAverages)
            throws IOException {
        int[] m = measured.perSecond();
        int[] s = simulated.perSecond();
        List<String> lines = new ArrayList<>();
        lines.add("second,measured_full_syncs,simulated_full_syncs_seed1,xact_commit_delta,loadavg_1m");
        for (int i = 0; i < m.length; i++) {
            lines.add(i + "," + m[i] + "," + (i < s.length ? s[i] : 0) + "," + (i < commits.length ? commits[i] : -1)
                    + "," + (i < loadAverages.length && loadAverages[i] >= 0 ? fmt(loadAverages[i]) : ""));
        }
        Files.write(file, lines);
    }

    /**
     * The raw series behind the figures, every 100 ms bucket: the full and partial syncs PostgreSQL committed
     * (sync_log timestamps), the full syncs the fleet host's syncers entered (its own clock: how late its timers
     * fired, apart from the database's latency), and the simulated full syncs.
     */
    private static void writeSeries100ms(Path file, Load measuredFull, Load measuredPartial, Load entered,
            Load simulated) throws IOException {
        int[] m = measuredFull.per100ms();
        int[] c = measuredPartial.per100ms();
        int[] e = entered.per100ms();
        int[] s = simulated.per100ms();
        List<String> lines = new ArrayList<>();
        lines.add("ms,measured_full_syncs,measured_partial_syncs,entered_full_syncs_client,simulated_full_syncs_seed1");
        for (int i = 0; i < m.length; i++) {
            lines.add(i * 100 + "," + m[i] + "," + (i < c.length ? c[i] : 0) + "," + (i < e.length ? e[i] : 0) + ","
                    + (i < s.length ? s[i] : 0));
        }
        Files.write(file, lines);
    }

    private static String firstSecond(Load load) {
        int[] buckets = load.per100ms();
        for (int b = 0; b < buckets.length; b++) {
            if (buckets[b] > 0) {
                return String.format(Locale.ROOT, "%.1f", b / 10.0);
            }
        }
        return "-";
    }

    /** A node's sync that notes, on the fleet host's clock, when the syncer entered each full sync. */
    private record Entered(SyncState node, EntryLog entries) implements SyncState {

        @Override
        public void syncFull() throws Exception {
            entries.add(System.nanoTime());
            node.syncFull();
        }

        @Override
        public void syncChanges() throws Exception {
            node.syncChanges();
        }
    }

    /** When full syncs were entered ({@code System.nanoTime()}); every syncer thread adds, under this lock. */
    private static final class EntryLog {

        private long[] times = new long[4096]; // guarded by this
        private int count; // guarded by this

        synchronized void add(long nanos) {
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count++] = nanos;
        }

        synchronized Load load(long start, Duration horizon) {
            long[] relative = new long[count];
            for (int i = 0; i < count; i++) {
                relative[i] = times[i] - start;
            }
            return Load.of(relative, count, horizon.toNanos());
        }
    }

    private static void shell(String command) throws IOException, InterruptedException {
        if (command == null) {
            throw new IllegalArgumentException("this scenario needs --pg-stop and --pg-start");
        }
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("'" + command + "' exited with " + exit);
        }
    }

    private static void sleepUntil(long start, Duration at) throws InterruptedException {
        long remaining;
        while ((remaining = start + at.toNanos() - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, remaining / 1_000_000));
        }
    }

    /** Min, median and max of the load averages read (those at -1 were not). */
    private static String loadSummary(double[] loadAverages) {
        double[] read = Arrays.stream(loadAverages).filter(v -> v >= 0).toArray();
        if (read.length == 0) {
            return "not read";
        }
        Arrays.sort(read);
        return String.format(Locale.ROOT, "min %.2f, median %.2f, max %.2f (%d readings, one a second; 2 cores)",
                read[0], median(read), read[read.length - 1], read.length);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static long sum(int[] values, int from, int to) {
        long sum = 0;
        for (int i = from; i < to && i < values.length; i++) {
            sum += values[i];
        }
        return sum;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            }
            else {
                options.put(key, "true");
            }
        }
        if (!options.containsKey("scenario") || !options.containsKey("jdbc")) {
            throw new IllegalArgumentException("usage: FleetHost --scenario NAME --jdbc URL [--quick] [--nodes N] "
                    + "[--apps K] [--pool P] [--out DIR] [--pg-stop CMD --pg-start CMD]");
        }
        return options;
    }

    /** Makes the local changes: a few random nodes every 100 ms, each followed by a partial-sync request. */
    private static final class Mutator extends Thread {

        private final NodeRows[] locals;
        private final IntConsumer changed;
        private final double perTick;
        private volatile boolean running = true; // main thread clears, this thread reads
        private volatile long changes; // this thread writes, main thread reads after halt()

        Mutator(NodeRows[] locals, IntConsumer changed, double perSecond) {
            super("mutator");
            setDaemon(true);
            this.locals = locals;
            this.changed = changed;
            this.perTick = perSecond / 10;
        }

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(42);
            double owed = 0;
            long count = 0;
            while (running) {
                owed += perTick;
                while (owed >= 1) {
                    int node = random.nextInt(locals.length);
                    locals[node].mutate(random);
                    changed.accept(node);
                    owed--;
                    count++;
                }
                changes = count;
                try {
                    Thread.sleep(100);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }

        void halt() throws InterruptedException {
            running = false;
            join();
        }

        long changes() {
            return changes;
        }
    }

    /**
     * Reads PostgreSQL's own count of committed transactions ({@code pg_stat_database.xact_commit}) every
     * second, as a cross-check of the {@code sync_log} count. PostgreSQL publishes a backend's counts about once
     * a second, so this series is coarser than the timestamps. A second with no answer (PostgreSQL down) is -1.
     */
    private static final class CommitPoller extends Thread {

        private final String jdbc;
        private final long start;
        private final long[] totals = new long[3600]; // this thread writes, main thread reads after halt()
        private final double[] loadAverages = new double[3600]; // this thread writes, main thread reads after halt()
        private volatile boolean running = true; // main thread clears, this thread reads

        CommitPoller(String jdbc, long start) {
            super("xact-commit-poller");
            setDaemon(true);
            this.jdbc = jdbc;
            this.start = start;
            Arrays.fill(totals, -1);
            Arrays.fill(loadAverages, -1);
        }

        @Override
        public void run() {
            Connection connection = null;
            int second = 0;
            while (running && second < totals.length) {
                loadAverages[second] = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                try {
                    if (connection == null) {
                        connection = DriverManager.getConnection(jdbc + "?user=postgres&connectTimeout=2");
                    }
                    try (PreparedStatement select = connection.prepareStatement(
                            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
                            ResultSet rs = select.executeQuery()) {
                        rs.next();
                        totals[second] = rs.getLong(1);
                    }
                }
                catch (SQLException ex) {
                    close(connection);
                    connection = null;
                }
                second++;
                long next = start + second * 1_000_000_000L;
                try {
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                catch (InterruptedException ex) {
                    break;
                }
            }
            close(connection);
        }

        private static void close(Connection connection) {
            if (connection != null) {
                try {
                    connection.close();
                }
                catch (SQLException ex) {
                    // gone already
                }
            }
        }

        void halt() throws InterruptedException {
            running = false;
            join();
        }

        /** The machine's 1-minute load average at the start of each second, -1 where none was read. */
        double[] loadAverages() {
            return loadAverages.clone();
        }

        /** Commits in each second: the difference of two readings, -1 where one is missing. */
        int[] perSecond() {
            int[] deltas = new int[totals.length - 1];
            for (int s = 0; s < deltas.length; s++) {
                deltas[s] = totals[s] < 0 || totals[s + 1] < 0 ? -1 : (int) (totals[s + 1] - totals[s]);
            }
            return deltas;
        }
    }
}
