package dev.leadscore.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.Stage;

/** Scores what a request describes, one or a batch, without storing anything. */
@ApplicationScoped
public class StatelessScoring {
    @Inject
    ActiveRulesets rulesets;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;
    @Inject
    InputCheck inputCheck;
    @Inject
    BulkConfig config;

    public ScoreView score(ScoreRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A body {model?, asOf?, lead, events?} is required", null);
        }
        check(inputCheck.collector(), request, "").throwIfAny();
        return scoreChecked(request);
    }

    /** Scores each request like {@code POST /api/score}; stores nothing. Every request is checked first. */
    public List<ScoreView> scoreBatch(List<ScoreRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw ProblemException.badRequest("Send a non-empty array of scoring requests", null);
        }
        if (requests.size() > config.maxScoreBatch()) {
            throw ProblemException.invalidField("[" + config.maxScoreBatch() + "]",
                    "a batch holds at most " + config.maxScoreBatch() + " requests; this one has " + requests.size());
        }
        InputCheck.Collector check = inputCheck.collector();
        for (int i = 0; i < requests.size(); i++) {
            ScoreRequest r = requests.get(i);
            if (r == null) {
                check.add("[" + i + "]", "must not be null");
            } else {
                check(check, r, "[" + i + "]");
            }
        }
        check.throwIfAny();
        return requests.stream().map(this::scoreChecked).toList();
    }

    private static InputCheck.Collector check(InputCheck.Collector check, ScoreRequest request, String at) {
        check.check(request, at);
        if (request.lead() != null) {
            check.attributes(request.lead().attributes(), at.isEmpty() ? "lead" : at + ".lead");
        }
        return check;
    }

    private ScoreView scoreChecked(ScoreRequest request) {
        String model = request.model() != null ? request.model()
                : request.lead().model() != null ? request.lead().model() : rulesets.defaultModel();
        Ruleset ruleset = rulesets.require(model);
        Instant asOf = request.asOf() != null ? request.asOf() : clock.instant();
        List<ActivityEvent> facts = request.events() == null ? List.of()
                : dedupe(request.events()).stream().map(EventInput::toFact).toList();
        ScoreResult result = engine.score(ruleset, request.lead().toFact(null), facts, asOf);
        return ScoreView.of(null, result, clock.instant(),
                Stage.isMql(result.stage()) ? asOf : null,
                Stage.PQL.equals(result.stage()) ? asOf : null);
    }

    private static List<EventInput> dedupe(List<EventInput> events) {
        Map<String, EventInput> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.id(), e));
        return List.copyOf(byId.values());
    }
}
