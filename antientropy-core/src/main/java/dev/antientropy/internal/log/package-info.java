/**
 * Not API. The syncer's log: one public category ({@value dev.antientropy.internal.log.SyncLog#CATEGORY}) for
 * every line a user sees, log calls that survive hostile exceptions, and durations written as people read them.
 */
@NullMarked
package dev.antientropy.internal.log;

import org.jspecify.annotations.NullMarked;
