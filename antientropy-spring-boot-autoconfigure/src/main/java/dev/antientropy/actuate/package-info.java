/**
 * Actuator support of the anti-entropy state syncers: the {@code antientropy} endpoint (read the status of
 * every syncer, trigger a sync, pause and resume) and the {@code antientropy} health indicator. Built on the
 * core's {@link dev.antientropy.StateSyncer#status()} only; no class here depends on the auto-configuration.
 */
@NullMarked
package dev.antientropy.actuate;

import org.jspecify.annotations.NullMarked;
