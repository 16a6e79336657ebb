package dev.antientropy.sample.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the operations files of the repository are, and the Prometheus binaries that check them. */
final class OpsFiles {

    /** How to get the binaries, said by every test that needs them and finds them missing. */
    static final String INSTALL = "install Prometheus 2.x: `bash .ci/install-prometheus` (Debian's `prometheus` "
            + "package: apt-get install prometheus), or put promtool and prometheus on the PATH";

    private OpsFiles() {
    }

    /** The repository's {@code ops} folder, found from the module's folder upwards. */
    static Path ops() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("ops/prometheus"))) {
                return dir.resolve("ops");
            }
        }
        throw new IllegalStateException("no ops/prometheus folder above " + Path.of("").toAbsolutePath());
    }

    /** An executable on the PATH (or in /usr/bin); fails the test, never skips it, when there is none. */
    static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return fail(name + " not found: " + INSTALL);
    }

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
    }

    /** Runs a command in a folder, for at most a minute. */
    static Run run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not end within a minute");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
