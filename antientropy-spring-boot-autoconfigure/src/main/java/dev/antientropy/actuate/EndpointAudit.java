package dev.antientropy.actuate;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The trail of the endpoint's write operation: for every action asked of a syncer, accepted or refused, one Spring
 * Boot {@link AuditApplicationEvent} of type {@value #TYPE} (principal, data {@code syncer}, {@code action},
 * {@code outcome}) and one INFO line under the logger {@code dev.antientropy.actuate.AntiEntropyEndpoint} saying
 * the same. Boot stores the event when the application has an {@code AuditEventRepository} (and shows it on
 * {@code /actuator/auditevents}); without one the event goes to whatever listens, or nowhere.
 *
 * <p>The syncer name and action come from the request: before they reach the log or the event, control
 * characters are replaced (no forged log lines) and they are cut to {@value #MAX_VALUE} characters (a huge body
 * does not grow the audit repository). Thread-safe: it holds the publisher only, which is thread-safe.
 */
final class EndpointAudit {

    /** The audit event type of every action, fixed by the design contract. */
    static final String TYPE = "ANTIENTROPY_ACTION";

    /** The principal recorded when the caller is not authenticated (no Spring Security, or an open path). */
    static final String ANONYMOUS = "anonymous";

    /** Longest syncer name or action kept in the log and the event. */
    static final int MAX_VALUE = 100;

    private static final Logger log = LoggerFactory.getLogger(AntiEntropyEndpoint.class);

    private final ApplicationEventPublisher publisher; // thread-safe, set once

    /**
     * Creates the trail.
     *
     * @param publisher where the audit events go; the application context in an application
     */
    EndpointAudit(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Records one action: publishes its event and logs its line. Never throws for a listener's sake: a failing
     * listener is logged and the action's answer stands.
     *
     * @param security who asked, {@link SecurityContext#NONE} when unknown
     * @param syncer the syncer's name, as asked
     * @param action the action, as asked; {@code null} when missing
     * @param status the HTTP status of the outcome (200, 400, 404 or 409)
     */
    void record(SecurityContext security, String syncer, @Nullable String action, int status) {
        String principal = principal(security);
        String outcome = outcome(status);
        String name = clean(syncer);
        String what = (action != null) ? clean(action) : "";
        log.info("antientropy endpoint: principal '{}' asked syncer '{}' to '{}': {}", principal, name, what,
                outcome);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("syncer", name);
        data.put("action", what);
        data.put("outcome", outcome);
        try {
            publisher.publishEvent(new AuditApplicationEvent(principal, TYPE, data));
        }
        catch (RuntimeException ex) {
            log.warn("antientropy endpoint: audit event for syncer '{}' not recorded", name, ex);
        }
    }

    static String outcome(int status) {
        return switch (status) {
            case AntiEntropyEndpoint.Result.OK -> "done";
            case AntiEntropyEndpoint.Result.NOT_FOUND -> "not-found";
            case AntiEntropyEndpoint.Result.CONFLICT -> "conflict";
            default -> "bad-request";
        };
    }

    private static String principal(SecurityContext security) {
        Principal principal = security.getPrincipal();
        String name = (principal != null) ? principal.getName() : null;
        return (name != null && !name.isBlank()) ? clean(name) : ANONYMOUS;
    }

    /** The value with every control character replaced by {@code ?}, cut to {@link #MAX_VALUE} characters. */
    static String clean(String value) {
        String cut = value;
        if (value.length() > MAX_VALUE) {
            int end = Character.isHighSurrogate(value.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE;
            cut = value.substring(0, end) + "...";
        }
        StringBuilder cleaned = new StringBuilder(cut.length());
        cut.codePoints().forEach((c) -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                cleaned.append('?');
            }
            else {
                cleaned.appendCodePoint(c);
            }
        });
        return cleaned.toString();
    }
}
