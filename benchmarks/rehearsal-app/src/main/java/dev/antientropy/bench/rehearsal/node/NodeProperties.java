package dev.antientropy.bench.rehearsal.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a rehearsal node application, prefix {@code rehearsal}.
 *
 * @param nodeId this node's id in {@code node_rows} and {@code sync_log}; the applications use 1000001 and up
 * @param rows the rows this node starts with
 */
@ConfigurationProperties("rehearsal")
public record NodeProperties(@DefaultValue("1000001") int nodeId, @DefaultValue("10") int rows) {
}
