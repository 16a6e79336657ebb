package dev.antientropy.actuate;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Every syncer of the application, by name, as {@code GET /actuator/antientropy} shows them.
 *
 * @param syncers the status of each syncer, ordered by name
 */
public record SyncersDescriptor(Map<String, SyncerDescriptor> syncers) implements OperationResponseBody {
}
