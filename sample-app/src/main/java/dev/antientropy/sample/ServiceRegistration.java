package dev.antientropy.sample;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A service registered on this node, as Consul's agent holds it: id, name, address, port and tags. Immutable and
 * checked on creation, so neither the local state nor the catalog ever holds a malformed entry.
 *
 * @param id unique on this node; also the key of its catalog row
 * @param name the service name, shared by the instances of one service
 * @param address host name or IP address the service listens on
 * @param port TCP port, 1 to 65535
 * @param tags free labels, kept in order without duplicates; none may contain a comma (the catalog stores them
 *     comma-separated)
 */
public record ServiceRegistration(String id, String name, String address, int port, List<String> tags) {

    /** Longest id, name or address the catalog table holds. */
    static final int MAX_TEXT = 128;

    /** Longest comma-joined tag list the catalog table holds. */
    static final int MAX_TAGS = 512;

    public ServiceRegistration {
        id = text("id", id);
        name = text("name", name);
        address = text("address", address);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        if (tags == null) {
            tags = List.of();
        }
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.contains(",")) {
                throw new IllegalArgumentException("a tag must be non-blank and hold no comma, was '" + tag + "'");
            }
        }
        tags = List.copyOf(new LinkedHashSet<>(tags));
        if (String.join(",", tags).length() > MAX_TAGS) {
            throw new IllegalArgumentException("tags must take at most " + MAX_TAGS + " characters joined");
        }
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " must take at most " + MAX_TEXT + " characters");
        }
        return trimmed;
    }

    /**
     * Returns the tags as the catalog stores them.
     *
     * @return the tags joined with commas; empty when there are none
     */
    String joinedTags() {
        return String.join(",", tags);
    }

    /**
     * Splits tags as the catalog stores them.
     *
     * @param joined comma-joined tags, possibly empty
     * @return the tags
     */
    static List<String> splitTags(String joined) {
        Objects.requireNonNull(joined, "joined");
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
