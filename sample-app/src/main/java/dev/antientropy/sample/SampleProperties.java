package dev.antientropy.sample;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample node, prefix {@code sample}.
 *
 * @param nodeId id of this node, written into every catalog row it owns; nodes sharing one database must have
 *     different ids, and a node only ever touches rows with its own id
 * @param servicesFile file the registered services are saved to after every edit and loaded from at start, as
 *     Consul's agent keeps them in its data directory; empty or absent for memory only
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue("node-1") String nodeId, @Nullable String servicesFile) {

    /** Longest node id the catalog table holds. */
    static final int MAX_NODE_ID = 64;

    public SampleProperties {
        if (nodeId == null || nodeId.isBlank() || nodeId.length() > MAX_NODE_ID) {
            throw new IllegalArgumentException("'sample.node-id' must hold 1 to " + MAX_NODE_ID
                    + " characters, was '" + nodeId + "'");
        }
        if (servicesFile != null && servicesFile.isBlank()) {
            servicesFile = null;
        }
    }
}
