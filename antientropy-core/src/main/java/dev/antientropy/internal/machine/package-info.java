/**
 * Not API. The syncer's state machine: one method per state, the request flags that coalesce triggers, and
 * the pause depth.
 */
@NullMarked
package dev.antientropy.internal.machine;

import org.jspecify.annotations.NullMarked;
