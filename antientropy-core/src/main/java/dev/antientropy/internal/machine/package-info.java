/**
 * Not API. The syncer's state machine: {@code SyncMachine}, whose loop decides and whose one method per state
 * does the work (its class comment states the concurrency design); the request flags that coalesce triggers and
 * the pause depth, both lock-free; the interrupt hand-shake; close-and-wait ({@code Termination}); the failure
 * streak and its log; the guard around the user's listeners.
 */
@NullMarked
package dev.antientropy.internal.machine;

import org.jspecify.annotations.NullMarked;
