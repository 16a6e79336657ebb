package dev.antientropy.sample;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a person watching the demo wants to see: this node at a glance, and the catalog table as the database
 * holds it right now (read directly, also during an injected outage).
 */
@RestController
@RequestMapping("/api")
class NodeController {

    private final SampleProperties properties;
    private final NodeAgent agent;
    private final RemoteOutage outage;
    private final CatalogView catalog;

    NodeController(SampleProperties properties, NodeAgent agent, RemoteOutage outage, CatalogView catalog) {
        this.properties = properties;
        this.agent = agent;
        this.outage = outage;
        this.catalog = catalog;
    }

    @GetMapping("/node")
    NodeInfo node() {
        return new NodeInfo(properties.nodeId(), agent.services().size(), agent.pendingChanges(),
                outage.isDown());
    }

    /** The catalog table, all nodes or {@code ?node=ID}. */
    @GetMapping("/catalog")
    List<CatalogRow> catalog(@RequestParam(required = false) @Nullable String node) {
        return catalog.rows(node);
    }

    /**
     * This node at a glance.
     *
     * @param nodeId the node's id
     * @param services the number of services registered here
     * @param pendingChanges ids changed since the last successful push
     * @param outage whether an injected outage cuts the syncer from the catalog
     */
    record NodeInfo(String nodeId, int services, Set<String> pendingChanges, boolean outage) {
    }
}
