package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

class ServicesFileTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void savedServicesAreLoadedByTheNextRun(@TempDir Path dir) {
        Path path = dir.resolve("data/services-node-1.json");
        List<ServiceRegistration> services = List.of(
                new ServiceRegistration("web", "web", "10.0.0.1", 80, List.of("primary")),
                new ServiceRegistration("api", "api", "10.0.0.2", 8080, List.of()));

        new ServicesFile(path, json).save(services);

        assertThat(new ServicesFile(path, json).load()).isEqualTo(services);
    }

    @Test
    void noFileMeansNoServices(@TempDir Path dir) {
        assertThat(new ServicesFile(dir.resolve("missing.json"), json).load()).isEmpty();
    }

    @Test
    void withoutAPathNothingIsSavedOrLoaded() {
        ServicesFile memoryOnly = new ServicesFile(null, json);

        memoryOnly.save(List.of(new ServiceRegistration("web", "web", "10.0.0.1", 80, List.of())));

        assertThat(memoryOnly.load()).isEmpty();
    }
}
