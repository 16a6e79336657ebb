/**
 * Fleet awareness from Spring Cloud's {@code DiscoveryClient}: the cluster size, "server up" full syncs when
 * an instance of the remote's service appears, and this node's rank for rank spread. Everything here runs
 * on one background thread, {@code antientropy-discovery}, never on a syncer's thread. Log category
 * {@code dev.antientropy.discovery}.
 */
@NullMarked
package dev.antientropy.discovery;

import org.jspecify.annotations.NullMarked;
