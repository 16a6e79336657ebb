package dev.antientropy.sample;

import java.time.OffsetDateTime;

/**
 * One row of the {@code catalog} table: a service as the remote authority knows it.
 *
 * @param nodeId the node that owns the row; a node only ever writes its own rows
 * @param serviceId the service id, unique per node
 * @param serviceName the service name
 * @param address the service address
 * @param port the service port
 * @param tags the tags, comma-joined
 * @param syncedAt when a sync last wrote the row
 */
public record CatalogRow(String nodeId, String serviceId, String serviceName, String address, int port,
        String tags, OffsetDateTime syncedAt) {

    /**
     * Tells whether this row says what the local service says.
     *
     * @param service the local service with the same id
     * @return {@code true} when name, address, port and tags match
     */
    boolean matches(ServiceRegistration service) {
        return serviceName.equals(service.name()) && address.equals(service.address()) && port == service.port()
                && tags.equals(service.joinedTags());
    }
}
