/**
 * Not API. Timing of the syncer: the scale factor, the scaled stagger, the retry back-off and the default
 * thread-backed {@link dev.antientropy.SyncScheduler}.
 */
@NullMarked
package dev.antientropy.internal.timing;

import org.jspecify.annotations.NullMarked;
