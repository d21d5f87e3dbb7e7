package dev.leadscore.leads;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and chunk sizes of the bulk paths (batch scoring, batch ingestion, re-scoring all leads). */
@ConfigMapping(prefix = "leadscore.bulk")
public interface BulkConfig {

    /** Most scoring requests one {@code POST /api/score/batch} may carry. */
    @WithDefault("500")
    int maxScoreBatch();

    /** Most events one {@code POST /api/events/batch} may carry, over all its leads. */
    @WithDefault("5000")
    int maxEventBatch();

    /** Leads written per transaction by batch ingestion. */
    @WithDefault("100")
    int ingestChunk();

    /** Leads read, scored and written per transaction when re-scoring all leads. */
    @WithDefault("500")
    int rescoreChunk();

    /** Workers scoring and writing pages in parallel when re-scoring all leads. */
    @WithDefault("2")
    int rescoreThreads();

    /**
     * Benchmarks only: enables {@code POST /api/bench/leads/{id}/events}, which stores an event row
     * and commits, nothing else, so {@code bench/service.sh} can measure the database's limit for
     * ingestion through the service's own connection pool. Off unless that script turns it on.
     */
    @WithDefault("false")
    boolean persistLimitEndpoint();
}
