package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * A node killed while it saves its services restarts with the old content or the new one, never a truncated or
 * mixed file. A child JVM ({@link Writer}) saves version after version of a large list through {@link
 * ServicesFile}, printing each version once saved; the test kills it with {@code SIGKILL}
 * ({@link ProcessHandle#destroyForcibly()}) at a seeded random moment, loads the file as the next start would, and
 * checks it is whole and holds the last version acknowledged or the one being written. Repeated {@value #ROUNDS}
 * times, each on a fresh file on the build's disk (not a RAM disk, so that the writes take real time).
 */
class ServicesFileCrashTests {

    static final int ROUNDS = 20;

    /** Services per version: about 40 KB of JSON, so a kill often lands inside a write. */
    static final int SERVICES = 300;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aWriterKilledAtAnyPointLeavesTheOldOrTheNewContent() throws Exception {
        Random random = new Random(13);
        Path root = Files.createDirectories(Path.of("target", "services-file-crash"));
        int killedMidWrite = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path file = Files.createTempDirectory(root, "round-").resolve("services.json");
            new ServicesFile(file, json).save(Writer.version(0));

            int lastAcknowledged = killWhileWriting(file, 1 + random.nextInt(5), random.nextInt(20_000));

            if (Files.exists(file.resolveSibling("services.json.next"))) {
                killedMidWrite++; // the kill came between opening the next content and the rename
            }
            List<ServiceRegistration> loaded = new ArrayList<>();
            assertThatCode(() -> loaded.addAll(new ServicesFile(file, json).load())).as("round %d", round)
                .doesNotThrowAnyException();
            assertThat(loaded).as("round %d", round).hasSize(SERVICES);
            int version = Writer.versionOf(loaded);
            assertThat(loaded).as("round %d: one version throughout", round).isEqualTo(Writer.version(version));
            assertThat(version).as("round %d: the last acknowledged version or the one being written", round)
                .isBetween(lastAcknowledged, lastAcknowledged + 1);
        }
        System.out.printf("services file crash rounds: %d, killed inside a write: %d%n", ROUNDS, killedMidWrite);
        assertThat(killedMidWrite).as("rounds whose kill landed inside a write").isPositive();
    }

    /**
     * Starts a writer on the file, waits until it has saved {@code versions} versions, lets it go on for
     * {@code delayMicros}, then kills it.
     *
     * @return the last version the writer said it had saved
     */
    private static int killWhileWriting(Path file, int versions, long delayMicros) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process writer = new ProcessBuilder(java, "-cp", classPath, Writer.class.getName(), file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        AtomicInteger acknowledged = new AtomicInteger();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged.get() < versions && (line = out.readLine()) != null) {
                acknowledged.set(Integer.parseInt(line.strip()));
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(delayMicros)); // the injected moment of the crash
            // SIGKILL: no shutdown hook, no finally block runs in the writer. (The handle's, since
            // Process.destroyForcibly() also closes our end of its output, which we still read.)
            writer.toHandle().destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("writer ended").isTrue();
            while ((line = out.readLine()) != null) { // what it printed before it died
                acknowledged.set(Integer.parseInt(line.strip()));
            }
        }
        catch (IOException ex) {
            writer.destroyForcibly();
            throw ex;
        }
        return acknowledged.get();
    }

    /**
     * The child JVM: saves version 1, 2, 3... of the services to the file given as the only argument and prints
     * each version number once {@link ServicesFile#save(List)} returned. Stops by itself after a minute, should
     * nobody kill it.
     */
    static final class Writer {

        public static void main(String[] args) {
            ServicesFile file = new ServicesFile(Path.of(args[0]), JsonMapper.builder().build());
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            for (int version = 1; System.nanoTime() < end; version++) {
                file.save(version(version));
                System.out.println(version);
                System.out.flush();
            }
        }

        /** Version {@code n}: {@value #SERVICES} services, every one named {@code v<n>}. */
        static List<ServiceRegistration> version(int n) {
            List<ServiceRegistration> services = new ArrayList<>(SERVICES);
            for (int i = 0; i < SERVICES; i++) {
                services.add(new ServiceRegistration("service-" + i, "v" + n, "10.0." + (i / 250) + "." + (i % 250),
                        1 + (n % 65535), List.of("version-" + n, "crash-test")));
            }
            return services;
        }

        static int versionOf(List<ServiceRegistration> services) {
            return Integer.parseInt(services.get(0).name().substring(1));
        }
    }
}
