package dev.antientropy.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the node's registered services across restarts in a JSON file, as Consul's agent keeps them in its data
 * directory: without it, a restarted node would hold no services and its first full sync would delete all its
 * catalog rows. Optional: with no path, nothing is saved. Not thread-safe: {@link NodeAgent} serialises edits.
 */
final class ServicesFile {

    private static final Logger log = LoggerFactory.getLogger(ServicesFile.class);

    private final @Nullable Path path;
    private final JsonMapper json;

    ServicesFile(@Nullable Path path, JsonMapper json) {
        this.path = path;
        this.json = json;
    }

    /**
     * Loads the services saved by the last run.
     *
     * @return the services; none when there is no file or no path
     */
    List<ServiceRegistration> load() {
        if (path == null || !Files.exists(path)) {
            return List.of();
        }
        List<ServiceRegistration> services = json.readValue(path, new TypeReference<List<ServiceRegistration>>() {
        });
        log.info("loaded {} service(s) from {}", services.size(), path.toAbsolutePath().normalize());
        return services;
    }

    /**
     * Replaces the file with the given services, atomically where the file system can.
     *
     * @param services every registered service
     * @throws UncheckedIOException when the file cannot be written
     */
    void save(List<ServiceRegistration> services) {
        if (path == null) {
            return;
        }
        try {
            Path absolute = path.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path next = absolute.resolveSibling(absolute.getFileName() + ".next");
            json.writerWithDefaultPrettyPrinter().writeValue(next.toFile(), services);
            Files.move(next, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot save the services to " + path, ex);
        }
    }
}
