package dev.leadscore.rules;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemMappers;
import dev.leadscore.scoring.ScoringException;

/** A ruleset that fails while scoring a lead answers a problem naming the ruleset, not a bare 500. */
public class ScoringProblems {
    private static final Logger LOG = Logger.getLogger(ScoringProblems.class);

    @ServerExceptionMapper
    public Response scoring(ScoringException e) {
        LOG.error("Scoring failed", e);
        return ProblemMappers.respond(new Problem("/problems/ruleset-error", "The ruleset could not score this lead",
                500, e.getMessage(), null));
    }
}
