package dev.antientropy.actuate;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The body of a refused request to the {@code antientropy} endpoint: {@code {"message": "..."}}.
 *
 * @param message why the request was refused, for a person
 */
public record MessageDescriptor(String message) implements OperationResponseBody {
}
