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
 * @param operator the user who may write to the management paths ({@code POST /actuator/antientropy/{name}}):
 *     role {@code OPERATOR}; name and password required (the {@code prod} profile takes the password from the
 *     environment variable {@code SAMPLE_OPERATOR_PASSWORD} only)
 * @param viewer a user without the operator role (role {@code VIEWER}): authenticated, yet refused every write;
 *     absent when its name or password is empty
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue("node-1") String nodeId, @Nullable String servicesFile,
        @DefaultValue User operator, @DefaultValue User viewer) {

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
        if (operator.name() == null || operator.name().isBlank()) {
            throw new IllegalArgumentException("'sample.operator.name' must be set");
        }
        if (operator.password() == null || operator.password().isEmpty()) {
            throw new IllegalArgumentException("'sample.operator.password' must be set: with the prod profile, set "
                    + "the environment variable SAMPLE_OPERATOR_PASSWORD (the jar holds no production password)");
        }
    }

    /** Whether the viewer user exists: both its name and its password are set. */
    public boolean hasViewer() {
        return viewer.name() != null && !viewer.name().isBlank() && viewer.password() != null
                && !viewer.password().isEmpty();
    }

    /**
     * A user of the management paths, checked with HTTP basic authentication.
     *
     * @param name the user name
     * @param password the password: plain, or prefixed with an encoder id as Spring Security reads it
     *     ({@code {bcrypt}$2a$...})
     */
    public record User(@Nullable String name, @Nullable String password) {

        @Override
        public String toString() {
            return "User[name=" + name + ", password=******]"; // never print a password
        }
    }
}
