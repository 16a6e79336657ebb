/** Not API. What the syncer's thread records about its work, published as {@link dev.antientropy.SyncStatus}. */
@NullMarked
package dev.antientropy.internal.status;

import org.jspecify.annotations.NullMarked;
