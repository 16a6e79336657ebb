package dev.antientropy.autoconfigure;

import java.util.List;

/**
 * Stops start-up when the syncers cannot be made as configured, for what Boot's bind-failure report cannot
 * say: a rule that spans two properties, a name under {@code antientropy.syncers} that names no
 * {@code SyncState} bean, a {@code StateSyncer} bean of the application's own that clashes with another.
 * {@link InvalidSyncersFailureAnalyzer} turns it into the "APPLICATION FAILED TO START" report.
 */
final class InvalidSyncersException extends IllegalStateException {

    private final List<String> problems;

    InvalidSyncersException(String problem) {
        this(List.of(problem));
    }

    InvalidSyncersException(List<String> problems) {
        super("Invalid anti-entropy configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns what is wrong, one line each, naming the properties or beans concerned.
     *
     * @return the problems, at least one
     */
    List<String> problems() {
        return problems;
    }
}
