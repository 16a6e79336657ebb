package dev.antientropy.readme;

import java.util.List;

/** The remote authority of the README's Quick start. */
interface CatalogClient {

    /** Makes the remote hold exactly these entries. */
    void replaceAll(List<ServiceEntry> entries) throws Exception;

    /** Adds or replaces these entries on the remote. */
    void putAll(Changes changes) throws Exception;
}
