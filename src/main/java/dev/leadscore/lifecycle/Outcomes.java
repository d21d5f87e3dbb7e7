package dev.leadscore.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.Instants;
import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.LeadReads;
import dev.leadscore.leads.ScoreRecord;
import dev.leadscore.leads.ScoreView;
import io.quarkus.panache.common.Sort;

/** CRM outcomes: stored with the score the lead had when it happened; acceptance and release move the stage. */
@ApplicationScoped
@Transactional
public class Outcomes {
    public static final String SALES_ACCEPTED = "SALES_ACCEPTED";
    static final List<String> TYPES = List.of(SALES_ACCEPTED, "SALES_REJECTED", "OPPORTUNITY", "CLOSED_WON",
            "CLOSED_LOST", "DISQUALIFIED");
    /** Outcomes that hand an SQL back to marketing: the stage returns to what the score says. */
    static final Set<String> RELEASING = Set.of("SALES_REJECTED", "CLOSED_LOST", "DISQUALIFIED");
    static final int MAX_NOTE = 2000;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    LeadReads leads;
    @Inject
    Lifecycle lifecycle;

    public record OutcomeInput(String type, Instant at, String note) {
    }

    public CrmOutcome.View record(String leadId, OutcomeInput input) {
        if (input == null) {
            throw ProblemException.badRequest("A body {type, at, note?} is required", null);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (input.type() == null || !TYPES.contains(input.type())) {
            errors.add(new Problem.FieldError("type", "must be one of " + String.join(", ", TYPES)));
        }
        Instant now = clock.instant();
        if (input.at() == null) {
            errors.add(new Problem.FieldError("at", "is required (an ISO-8601 instant)"));
        } else if (!Instants.inRange(input.at())) {
            errors.add(new Problem.FieldError("at", Instants.RANGE));
        } else if (input.at().isAfter(now)) {
            errors.add(new Problem.FieldError("at", "must not be in the future"));
        }
        if (input.note() != null && input.note().length() > MAX_NOTE) {
            errors.add(new Problem.FieldError("note", "must be at most " + MAX_NOTE + " characters"));
        } else if (input.note() != null && input.note().indexOf('\0') >= 0) {
            errors.add(new Problem.FieldError("note", "must not contain the NUL character (\\u0000)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        LeadRecord lead = em.find(LeadRecord.class, leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        CrmOutcome o = new CrmOutcome();
        o.leadId = leadId;
        o.type = input.type();
        o.at = input.at();
        o.note = input.note();
        o.recordedAt = now;
        ScoreRecord stored = ScoreRecord.<ScoreRecord>find("leadId = ?1 and scoredAt <= ?2",
                Sort.descending("scoredAt", "id"), leadId, input.at()).firstResult();
        if (stored != null) {
            o.scoreId = stored.id;
            o.withScore(CrmOutcome.STORED, stored.fit, stored.engagement, stored.total, stored.band, stored.stage,
                    stored.rulesetVersion);
        } else {
            ScoreView then = leads.score(leadId, input.at());
            o.withScore(CrmOutcome.RECOMPUTED, then.fit(), then.engagement(), then.total(), then.band(), then.stage(),
                    then.rulesetVersion());
        }
        o.persist();
        ScoreRecord latest = lead.latestScoreId == null ? null : ScoreRecord.findById(lead.latestScoreId);
        String reason = "CRM outcome " + o.type + " #" + o.id + (o.note == null ? "" : ": " + o.note);
        if (SALES_ACCEPTED.equals(o.type)) {
            lifecycle.acceptedBySales(lead, latest, "sales accepted the lead (" + reason + ")");
        } else if (RELEASING.contains(o.type)) {
            lifecycle.releasedBySales(lead, latest, "sales released the lead (" + reason + ")");
        }
        return o.view();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CrmOutcome.View> of(String leadId) {
        if (LeadRecord.findById(leadId) == null) {
            throw LeadIds.unknown(leadId);
        }
        return CrmOutcome.<CrmOutcome>find("leadId", Sort.ascending("at", "id"), leadId).list().stream()
                .map(CrmOutcome::view).toList();
    }
}
