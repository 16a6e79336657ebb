package dev.antientropy.sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
     * Replaces the file with the given services so that a crash at any point leaves either the old content or
     * the new one, never a mix or a truncated file: the new content goes to a sibling file ({@code NAME.next}),
     * is forced to disk, then renamed over the old one in one atomic step, and the directory is forced too so
     * that the rename itself survives a power cut. A {@code NAME.next} left by a crash is never read and is
     * overwritten by the next save. {@code ServicesFileCrashTests} kills a writing JVM to show it.
     *
     * @param services every registered service
     * @throws UncheckedIOException when the file cannot be written
     */
    void save(List<ServiceRegistration> services) {
        if (path == null) {
            return;
        }
        try {
            Path target = path.toAbsolutePath();
            Path directory = target.getParent();
            Files.createDirectories(directory);
            Path next = target.resolveSibling(target.getFileName() + ".next");
            try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                json.writerWithDefaultPrettyPrinter().writeValue(unclosable(channel), services);
                channel.force(true); // the content is on disk before any name points at it
            }
            // rename(2): a reader, or the next start after a crash, sees the old file or the new one
            Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(directory);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot save the services to " + path, ex);
        }
    }

    /** A buffered stream into the channel whose close() only flushes, so the channel stays open for force(). */
    private static OutputStream unclosable(FileChannel channel) {
        return new BufferedOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Forces the directory entry of the rename to disk; where a directory cannot be opened (Windows), skips. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException ex) {
            log.debug("cannot force directory {} to disk: {}", directory, ex.toString());
        }
    }
}
