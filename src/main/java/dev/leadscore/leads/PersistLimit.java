package dev.leadscore.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import dev.leadscore.api.ProblemException;

/**
 * The floor under event ingestion, for the service benchmark: insert each event row and commit,
 * with no lock, no duplicate check, no scoring. Reachable only when
 * {@code leadscore.bulk.persist-limit-endpoint} is on; otherwise it answers as an unknown path.
 */
@ApplicationScoped
public class PersistLimit {
    @Inject
    BulkConfig config;
    @Inject
    Clock clock;

    @Transactional
    public void store(String leadId, List<EventInput> events) {
        if (!config.persistLimitEndpoint()) {
            throw new NotFoundException();
        }
        if (events == null || events.isEmpty()) {
            throw ProblemException.badRequest("Send a non-empty array of events", null);
        }
        Instant now = clock.instant();
        for (EventInput e : events) {
            EventRecord.of(leadId, e, now).persist();
        }
    }
}
