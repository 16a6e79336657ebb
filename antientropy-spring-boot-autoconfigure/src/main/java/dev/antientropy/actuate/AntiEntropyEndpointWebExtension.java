package dev.antientropy.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of {@link AntiEntropyEndpoint}: the same operations, answered with status codes and a
 * {@code {"message": ...}} body when refused. {@code GET /actuator/antientropy/{name}}: 200, or 404 for an
 * unknown syncer. {@code POST /actuator/antientropy/{name}} with {@code {"action": A}}: 200 with the status after
 * the action; 400 for a missing or unknown action (Actuator itself answers 400 to a body that is not a JSON
 * object); 404 for an unknown syncer; 409 when the syncer refused (resume when not paused, any action once it
 * has stopped), nothing changed. Thread-safe, like the endpoint.
 */
@EndpointWebExtension(endpoint = AntiEntropyEndpoint.class)
public class AntiEntropyEndpointWebExtension {

    private final AntiEntropyEndpoint endpoint;

    /**
     * Creates the extension of the given endpoint.
     *
     * @param endpoint the endpoint whose operations this answers over HTTP
     */
    public AntiEntropyEndpointWebExtension(AntiEntropyEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Returns the status of one syncer.
     *
     * @param name the syncer's name
     * @return 200 with its status, or 404 with a message
     */
    @ReadOperation
    public WebEndpointResponse<Object> syncer(@Selector String name) {
        SyncerDescriptor syncer = endpoint.syncer(name);
        if (syncer == null) {
            return new WebEndpointResponse<>(new MessageDescriptor(endpoint.notFound(name)),
                    WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(syncer, WebEndpointResponse.STATUS_OK);
    }

    /**
     * Acts on one syncer; see {@link AntiEntropyEndpoint#act(String, String, SecurityContext)}.
     *
     * @param name the syncer's name
     * @param action one of {@code sync-full}, {@code sync-changes}, {@code pause}, {@code resume}
     * @param security who asks (the authenticated principal, if any): recorded in the audit trail
     * @return 200 with the status after the action, or 400, 404 or 409 with a message
     */
    @WriteOperation
    public WebEndpointResponse<Object> act(@Selector String name, @Nullable String action,
            SecurityContext security) {
        AntiEntropyEndpoint.Result result = endpoint.perform(security, name, action);
        SyncerDescriptor syncer = result.syncer();
        if (syncer != null) {
            return new WebEndpointResponse<>(syncer, result.status());
        }
        String message = (result.message() != null) ? result.message() : "refused";
        return new WebEndpointResponse<>(new MessageDescriptor(message), result.status());
    }
}
