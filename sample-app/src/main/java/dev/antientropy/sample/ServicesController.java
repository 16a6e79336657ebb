package dev.antientropy.sample;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.antientropy.sample.LocalServices.Outcome;

/**
 * The node's own API, in the spirit of Consul's agent API: register, update, deregister and list the services
 * of this node. Open, like Consul's local agent API. Every edit answers at once; the catalog follows through
 * the syncer.
 */
@RestController
@RequestMapping("/api/services")
class ServicesController {

    private final NodeAgent agent;

    ServicesController(NodeAgent agent) {
        this.agent = agent;
    }

    @GetMapping
    List<ServiceRegistration> list() {
        return agent.services();
    }

    @GetMapping("/{id}")
    ResponseEntity<ServiceRegistration> get(@PathVariable String id) {
        return ResponseEntity.of(agent.service(id));
    }

    /** Registers a service (201) or updates the one with this id (200). */
    @PutMapping("/{id}")
    ResponseEntity<ServiceRegistration> register(@PathVariable String id, @RequestBody ServiceDefinition body) {
        ServiceRegistration service = new ServiceRegistration(id, body.name(), body.address(), body.port(),
                body.tags());
        if (agent.register(service) == Outcome.CREATED) {
            return ResponseEntity.created(URI.create("/api/services/" + service.id())).body(service);
        }
        return ResponseEntity.ok(service);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> deregister(@PathVariable String id) {
        return agent.deregister(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    /**
     * Body of a registration; the id comes from the path.
     *
     * @param name the service name
     * @param address host name or IP address
     * @param port TCP port
     * @param tags labels, optional
     */
    record ServiceDefinition(String name, String address, int port, List<String> tags) {
    }
}
