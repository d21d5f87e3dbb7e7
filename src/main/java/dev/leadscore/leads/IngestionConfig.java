package dev.leadscore.leads;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Group commit of {@code POST /api/leads/{id}/events}: requests arriving while others are being
 * written are written together, one transaction for the group, each lead locked and re-scored
 * once for all of its events in the group; each request is answered after that commit.
 */
@ConfigMapping(prefix = "leadscore.ingestion")
public interface IngestionConfig {

    /** Most requests written in one transaction; 1 writes each request in its own. */
    @WithDefault("32")
    int groupSize();

    /** Most groups written at the same time (each holds a database connection while it writes). */
    @WithDefault("2")
    int groupWriters();
}
