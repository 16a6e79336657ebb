package dev.antientropy.readme;

/**
 * A service registered on the node, as the README's Quick start names it.
 *
 * @param id the service id
 * @param address where it listens
 */
record ServiceEntry(String id, String address) {
}
