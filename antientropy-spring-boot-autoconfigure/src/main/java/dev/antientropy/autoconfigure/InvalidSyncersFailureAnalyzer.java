package dev.antientropy.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidSyncersException} as "APPLICATION FAILED TO START": every problem on a line of
 * its own, then what to do. Registered in {@code META-INF/spring.factories}.
 */
class InvalidSyncersFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSyncersException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSyncersException cause) {
        StringBuilder description = new StringBuilder("The anti-entropy state syncers cannot be made as configured:");
        description.append(System.lineSeparator());
        for (String problem : cause.problems()) {
            description.append(System.lineSeparator()).append("    - ").append(problem);
        }
        String action = "Correct the antientropy.* properties or the StateSyncer beans named above. Keys under "
                + "antientropy.syncers are names of SyncState beans; a StateSyncer bean of your own replaces the "
                + "one of SyncState bean NAME when it is named NAMEStateSyncer and built with .name(\"NAME\").";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
