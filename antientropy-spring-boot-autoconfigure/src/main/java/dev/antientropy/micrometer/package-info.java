/**
 * Micrometer instrumentation of the anti-entropy state syncers: the meters named in {@link
 * dev.antientropy.micrometer.AntiEntropyMeters}, one {@link io.micrometer.observation.Observation} per sync, and
 * the {@link dev.antientropy.SyncListener} that feeds both. Usable without Spring: build a {@link
 * dev.antientropy.micrometer.SyncMeters} on a registry and add {@link
 * dev.antientropy.micrometer.ObservingSyncListener} to a syncer's builder.
 */
@NullMarked
package dev.antientropy.micrometer;

import org.jspecify.annotations.NullMarked;
