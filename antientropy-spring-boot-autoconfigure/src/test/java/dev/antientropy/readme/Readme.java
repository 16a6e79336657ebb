package dev.antientropy.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the repository's root and reads its README, for the tests that keep the README true. */
final class Readme {

    private Readme() {
    }

    /** Returns the repository's root: the nearest directory up from the working directory with a README.md and a mvnw. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static List<String> lines() {
        try {
            return Files.readAllLines(root().resolve("README.md"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
