/**
 * Not API. When things happen: the timing policy ({@code FullSyncTiming}: every delay of the syncer and its
 * window, random or by rank), the scale factor, the scaled stagger, the retry back-off, saturating nanosecond
 * arithmetic, the wall clock derived from the monotonic one, and the default thread-backed
 * {@link dev.antientropy.SyncScheduler}. Knows nothing of the machine.
 */
@NullMarked
package dev.antientropy.internal.timing;

import org.jspecify.annotations.NullMarked;
