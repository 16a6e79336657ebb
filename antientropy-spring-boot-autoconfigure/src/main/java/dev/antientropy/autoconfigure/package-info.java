/**
 * Spring Boot auto-configuration of the anti-entropy state syncers: {@code antientropy.*} properties, one
 * {@link dev.antientropy.StateSyncer} bean per {@link dev.antientropy.SyncState} bean, the
 * {@link dev.antientropy.autoconfigure.StateSyncers} registry, and the lifecycle that starts and stops the
 * syncers with the application context.
 */
@NullMarked
package dev.antientropy.autoconfigure;

import org.jspecify.annotations.NullMarked;
