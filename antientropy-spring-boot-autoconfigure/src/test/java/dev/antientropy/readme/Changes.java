package dev.antientropy.readme;

import java.util.List;
import java.util.Map;

/**
 * The changes pending at one moment: the entries to push and the version of each change, so that marking them
 * pushed leaves a later change of the same entry pending.
 *
 * @param entries the changed entries, as they are now
 * @param versions the version of each entry's change, by id
 */
record Changes(List<ServiceEntry> entries, Map<String, Long> versions) {

    Changes {
        entries = List.copyOf(entries);
        versions = Map.copyOf(versions);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
