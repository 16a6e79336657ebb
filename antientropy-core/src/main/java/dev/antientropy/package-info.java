/**
 * The anti-entropy state syncer: keeps local state mirrored on a remote authority with periodic
 * self-healing full syncs, on-demand partial syncs, retries and fleet-size-aware jitter.
 *
 * <p>Start with {@link dev.antientropy.StateSyncer#builder(SyncState)}. Everything in this package is API;
 * packages under {@code dev.antientropy.internal} are not.
 */
@NullMarked
package dev.antientropy;

import org.jspecify.annotations.NullMarked;
