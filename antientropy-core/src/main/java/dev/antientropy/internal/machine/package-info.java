/**
 * Not API. The syncer's state machine: {@code SyncMachine}, whose loop decides and whose one method per working
 * state does the work (NEW, FULL_SYNC, PARTIAL_SYNC, DONE; STARTING and RETRY_FULL_SYNC only wait for a timer),
 * and whose class comment states the concurrency design; the request flags that coalesce triggers and the pause
 * depth, both lock-free; the interrupt hand-shake ({@code InterruptHandshake}); close-and-wait
 * ({@code Termination}); the failure log; the guard around the user's listeners.
 */
@NullMarked
package dev.antientropy.internal.machine;

import org.jspecify.annotations.NullMarked;
