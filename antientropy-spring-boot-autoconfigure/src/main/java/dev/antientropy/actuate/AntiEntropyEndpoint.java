package dev.antientropy.actuate;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.context.ApplicationEventPublisher;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;

/**
 * The {@code antientropy} endpoint: reads the status of the syncers, triggers a sync, pauses and resumes. Read
 * only unless {@code management.endpoint.antientropy.access=unrestricted}.
 *
 * <ul>
 * <li>{@link #syncers()}: every syncer, {@code {"syncers": {NAME: STATUS}}};</li>
 * <li>{@link #syncer(String)}: one syncer's STATUS, {@code null} (404 over HTTP) for an unknown name;</li>
 * <li>{@link #act(String, String, SecurityContext)}: one of {@code sync-full}, {@code sync-changes}, {@code pause},
 * {@code resume}; returns the STATUS taken after the action.</li>
 * </ul>
 *
 * <p>Over HTTP, {@link AntiEntropyEndpointWebExtension} answers with status codes (404 unknown syncer, 400 bad
 * action, 409 refused action) and a {@code {"message": ...}} body. Over JMX a refused action throws with that
 * message.
 *
 * <p>Every action asked of a syncer, performed or refused, leaves a trail: a Spring Boot
 * {@code AuditApplicationEvent} of type {@code ANTIENTROPY_ACTION} (principal: the authenticated name, or
 * {@code anonymous}; data {@code syncer}, {@code action} and {@code outcome}: {@code done}, {@code conflict},
 * {@code not-found} or {@code bad-request}) and one INFO line under this class's logger. A body that is not a
 * JSON object never reaches the operation (Actuator answers 400 itself), so it leaves none.
 *
 * <p>Thread-safe: it holds no state of its own; every operation reads or calls the syncers, which are
 * thread-safe, and never blocks.
 */
@Endpoint(id = "antientropy", defaultAccess = Access.READ_ONLY)
public class AntiEntropyEndpoint {

    private final Map<String, StateSyncer> syncers; // read-only view, fixed at construction
    private final Clock clock;
    private final EndpointAudit audit; // thread-safe, fixed at construction

    /**
     * Creates the endpoint over the given syncers, publishing no audit events (the INFO line is still logged).
     *
     * @param syncers the syncers by name; the map is read on every call, never changed
     */
    public AntiEntropyEndpoint(Map<String, StateSyncer> syncers) {
        this(syncers, (event) -> {
        });
    }

    /**
     * Creates the endpoint over the given syncers, publishing an audit event for every action.
     *
     * @param syncers the syncers by name; the map is read on every call, never changed
     * @param publisher where the audit events go: the application context, whose {@code AuditListener} stores
     *     them when there is an {@code AuditEventRepository}
     */
    public AntiEntropyEndpoint(Map<String, StateSyncer> syncers, ApplicationEventPublisher publisher) {
        this(syncers, publisher, Clock.systemUTC());
    }

    AntiEntropyEndpoint(Map<String, StateSyncer> syncers, ApplicationEventPublisher publisher, Clock clock) {
        this.syncers = Objects.requireNonNull(syncers, "syncers");
        this.audit = new EndpointAudit(Objects.requireNonNull(publisher, "publisher"));
        this.clock = clock;
    }

    /**
     * Returns the status of every syncer.
     *
     * @return the syncers by name, in the order of the map given at construction
     */
    @ReadOperation
    public SyncersDescriptor syncers() {
        Map<String, SyncerDescriptor> descriptors = new LinkedHashMap<>();
        syncers.forEach((name, syncer) -> descriptors.put(name, describe(syncer)));
        return new SyncersDescriptor(descriptors);
    }

    /**
     * Returns the status of one syncer.
     *
     * @param name the syncer's name
     * @return its status, or {@code null} when there is no syncer of that name
     */
    @ReadOperation
    public @Nullable SyncerDescriptor syncer(@Selector String name) {
        StateSyncer syncer = syncers.get(name);
        return (syncer != null) ? describe(syncer) : null;
    }

    /**
     * Acts on one syncer and returns its status taken right after: {@code sync-full} and {@code sync-changes}
     * request a sync (which runs later, on the syncer's thread), {@code pause} adds a pause level,
     * {@code resume} removes one. Never blocks.
     *
     * @param name the syncer's name
     * @param action one of {@code sync-full}, {@code sync-changes}, {@code pause}, {@code resume}
     * @param security who asks: recorded as the audit event's principal
     * @return the syncer's status after the action
     * @throws InvalidEndpointRequestException when the action is missing or unknown, or there is no syncer of
     *     that name
     * @throws IllegalStateException when the syncer refused the action (resume when not paused, any action once
     *     it has stopped); nothing changed then
     */
    @WriteOperation
    public SyncerDescriptor act(@Selector String name, @Nullable String action, SecurityContext security) {
        Result result = perform(security, name, action);
        if (result.status() == Result.OK) {
            return Objects.requireNonNull(result.syncer());
        }
        String message = Objects.requireNonNull(result.message());
        if (result.status() == Result.CONFLICT) {
            throw new IllegalStateException(message);
        }
        throw new InvalidEndpointRequestException(message, message);
    }

    /**
     * Performs an action, records it in the audit trail and says how it went, without throwing; shared by both
     * technologies.
     *
     * @param security who asks
     * @param name the syncer's name
     * @param action the action, as given
     * @return the outcome, with the HTTP status that fits it
     */
    Result perform(SecurityContext security, String name, @Nullable String action) {
        Result result = decide(name, action);
        audit.record(security, name, action, result.status());
        return result;
    }

    private Result decide(String name, @Nullable String action) {
        StateSyncer syncer = syncers.get(name);
        if (syncer == null) {
            return Result.refused(Result.NOT_FOUND, notFound(name));
        }
        if (action == null || action.isBlank()) {
            return Result.refused(Result.BAD_REQUEST,
                    "missing action: send {\"action\": A} with A one of " + Action.NAMES);
        }
        Action known = Action.of(action);
        if (known == null) {
            return Result.refused(Result.BAD_REQUEST,
                    "unknown action '" + shorten(action) + "': expected one of " + Action.NAMES);
        }
        if (syncer.status().state() == SyncerState.DONE) {
            return Result.refused(Result.CONFLICT, "syncer '" + name + "' has stopped; nothing changed");
        }
        try {
            known.apply(syncer);
        }
        catch (IllegalStateException refused) {
            String message = (known == Action.RESUME) ? "syncer '" + name + "' is not paused; nothing changed"
                    : ErrorMessages.clean(refused.getMessage());
            return Result.refused(Result.CONFLICT, Objects.requireNonNull(message));
        }
        return Result.ok(describe(syncer));
    }

    /**
     * The one message for a name no syncer has, for reads and actions alike; it lists the names there are.
     *
     * @param name the name asked for
     * @return the message
     */
    String notFound(String name) {
        return "no syncer named '" + shorten(name) + "'; syncers: " + syncers.keySet();
    }

    private SyncerDescriptor describe(StateSyncer syncer) {
        return SyncerDescriptor.of(syncer, clock.instant());
    }

    private static String shorten(String value) {
        return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
    }

    /**
     * What an action came to.
     *
     * @param status the HTTP status that fits: 200, 400, 404 or 409 (kept here, beside the outcome it
     *     describes, so that the protocol-neutral endpoint declares no status of its own)
     * @param syncer the status after a performed action, {@code null} when refused
     * @param message why the action was refused, {@code null} when performed
     */
    record Result(int status, @Nullable SyncerDescriptor syncer, @Nullable String message) {

        static final int OK = 200;

        static final int BAD_REQUEST = 400;

        static final int NOT_FOUND = 404;

        /** An action the syncer refused: resume when not paused, any action once stopped. */
        static final int CONFLICT = 409;

        static Result ok(SyncerDescriptor syncer) {
            return new Result(OK, syncer, null);
        }

        static Result refused(int status, String message) {
            return new Result(status, null, message);
        }
    }

    /** The actions, by the name a request gives. */
    enum Action {

        SYNC_FULL("sync-full") {
            @Override
            void apply(StateSyncer syncer) {
                syncer.triggerSyncFull();
            }
        },

        SYNC_CHANGES("sync-changes") {
            @Override
            void apply(StateSyncer syncer) {
                syncer.triggerSyncChanges();
            }
        },

        PAUSE("pause") {
            @Override
            void apply(StateSyncer syncer) {
                syncer.pause();
            }
        },

        RESUME("resume") {
            @Override
            void apply(StateSyncer syncer) {
                syncer.resume();
            }
        };

        static final String NAMES = Arrays.stream(values())
            .map((action) -> action.externalName)
            .collect(Collectors.joining(", "));

        private final String externalName;

        Action(String externalName) {
            this.externalName = externalName;
        }

        abstract void apply(StateSyncer syncer);

        static @Nullable Action of(String name) {
            for (Action action : values()) {
                if (action.externalName.equals(name)) {
                    return action;
                }
            }
            return null;
        }
    }
}
