package dev.leadscore.reliability;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.leadscore.startup.StartupGate;

/**
 * Forgets kept {@code Idempotency-Key} answers once they are older than
 * {@code leadscore.idempotency.retention}, so the table holds about one retention window of
 * keyed requests. Deletes in bounded steps; several instances running it at once only share the work.
 */
@ApplicationScoped
public class IdempotencyPurge {
    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);
    static final int STEP = 5_000;
    static final String PURGED = "leadscore.idempotency.purged";

    @Inject
    IdempotencyStore store;
    @Inject
    IdempotencyConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry metrics;

    /** The counter exists from start-up at 0. */
    void registerMeters(@Observes StartupEvent event) {
        metrics.counter(PURGED);
    }

    @Scheduled(every = "${leadscore.idempotency.purge-every:15m}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            identity = "idempotency-purge", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("Purging old idempotency records failed; the next run tries again", e);
        }
    }

    /** Deletes every kept answer older than the retention; returns how many. */
    public long purge() {
        Instant before = clock.instant().minus(config.retention());
        long total = 0;
        int deleted;
        do {
            deleted = store.purgeCreatedBefore(before, STEP);
            total += deleted;
        } while (deleted == STEP);
        if (total > 0) {
            LOG.infof("Forgot %d idempotency record(s) created before %s", total, before);
            metrics.counter(PURGED).increment(total);
        }
        return total;
    }
}
