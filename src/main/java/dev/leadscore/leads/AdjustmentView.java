package dev.leadscore.leads;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.leadscore.scoring.Category;
import dev.leadscore.scoring.ScoredAdjustment;

/** One line of a score's explanation: the rule, its points, why, and the cell or line it is written in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdjustmentView(Category category, String rule, int points, String reason, String source, String eventId) {

    static AdjustmentView of(ScoredAdjustment a) {
        return new AdjustmentView(a.category(), a.rule(), a.points(), a.reason(), a.source(), a.eventId());
    }

    static AdjustmentView of(AdjustmentRecord a) {
        return new AdjustmentView(a.category, a.rule, a.points, a.reason, a.source, a.eventId);
    }
}
