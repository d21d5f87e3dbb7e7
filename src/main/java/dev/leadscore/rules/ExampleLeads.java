package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Company;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;

/**
 * A model's example leads ({@code examples.yaml} in the model folder): leads with their events,
 * the instant they are scored as of and the band and stage (optionally fit, engagement, total)
 * they must get. Every version of the model has to reproduce them before it can go live, so an
 * edit that quietly changes what a known lead gets is caught and named.
 */
final class ExampleLeads {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ScoringEngine ENGINE = new ScoringEngine();

    record File(Instant asOf, List<Example> examples) {
    }

    record Example(String name, Instant asOf, ExampleLead lead, List<ExampleEvent> events, Expected expect) {
    }

    record ExampleLead(String email, String firstName, String lastName, String title, String country,
            ExampleCompany company, String source, Map<String, Object> attributes) {
    }

    record ExampleCompany(String name, String domain, String industry, Integer employees, BigDecimal annualRevenue,
            String country, List<String> techStack) {
    }

    record ExampleEvent(String id, String type, Instant occurredAt, Map<String, Object> properties) {
    }

    record Expected(String band, String stage, Integer fit, Integer engagement, Integer total) {
    }

    private ExampleLeads() {
    }

    /** Parses the examples file; problems name the file and line. */
    static File parse(byte[] yaml, List<BuildProblem> problems) {
        try {
            File file = YAML.readValue(yaml, File.class);
            if (file == null || file.examples() == null || file.examples().isEmpty()) {
                problems.add(BuildProblem.inFile(RuleFiles.EXAMPLES, "the file lists no examples"));
                return null;
            }
            for (int i = 0; i < file.examples().size(); i++) {
                Example e = file.examples().get(i);
                String label = "example " + (i + 1) + (e.name() == null ? "" : " '" + e.name() + "'");
                if (e.name() == null || e.lead() == null || e.expect() == null
                        || (e.expect().band() == null && e.expect().stage() == null)) {
                    problems.add(BuildProblem.inFile(RuleFiles.EXAMPLES, label
                            + " needs a name, a lead and an expect with band and/or stage"));
                } else if (e.asOf() == null && file.asOf() == null) {
                    problems.add(BuildProblem.inFile(RuleFiles.EXAMPLES, label + " has no asOf (and the file none)"));
                }
            }
            return problems.isEmpty() ? file : null;
        } catch (IOException e) {
            Integer line = null;
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
                line = j.getLocation().getLineNr();
            }
            problems.add(new BuildProblem(RuleFiles.EXAMPLES, null, null, line,
                    "cannot read the examples: " + firstLine(e.getMessage())));
            return null;
        }
    }

    /** Scores every example under {@code ruleset}; one problem per example that does not get what it expects. */
    static List<BuildProblem> verify(Ruleset ruleset, File file) {
        List<BuildProblem> problems = new ArrayList<>();
        for (Example e : file.examples()) {
            Instant asOf = e.asOf() != null ? e.asOf() : file.asOf();
            ScoreResult r;
            try {
                r = ENGINE.score(ruleset, lead(e), events(e), asOf);
            } catch (RuntimeException ex) {
                problems.add(BuildProblem.inFile(RuleFiles.EXAMPLES, "example '" + e.name() + "' cannot be scored: "
                        + ex.getMessage()));
                continue;
            }
            List<String> wrong = new ArrayList<>();
            Expected x = e.expect();
            compare(wrong, "band", x.band(), r.band());
            compare(wrong, "stage", x.stage(), r.stage());
            compare(wrong, "fit", x.fit(), r.fit());
            compare(wrong, "engagement", x.engagement(), r.engagement());
            compare(wrong, "total", x.total(), r.total());
            if (!wrong.isEmpty()) {
                problems.add(BuildProblem.inFile(RuleFiles.EXAMPLES, "example '" + e.name() + "' no longer scores as expected: "
                        + String.join(", ", wrong) + " (now fit " + r.fit() + ", engagement " + r.engagement() + ", total "
                        + r.total() + ", band " + r.band() + ", stage " + r.stage() + ")"));
            }
        }
        return problems;
    }

    private static void compare(List<String> wrong, String what, Object expected, Object actual) {
        if (expected != null && !expected.toString().equalsIgnoreCase(actual.toString())) {
            wrong.add(what + " expected " + expected + " but is " + actual);
        }
    }

    private static Lead lead(Example e) {
        ExampleLead l = e.lead();
        ExampleCompany c = l.company();
        Company company = c == null ? null
                : new Company(c.name(), c.domain(), c.industry(), c.employees(), c.annualRevenue(), c.country(),
                        c.techStack() == null ? List.of() : c.techStack());
        return new Lead("example:" + e.name(), l.email(), l.firstName(), l.lastName(), l.title(), l.country(), company,
                l.source(), null, l.attributes());
    }

    private static List<ActivityEvent> events(Example e) {
        if (e.events() == null) {
            return List.of();
        }
        return e.events().stream().map(v -> new ActivityEvent(v.id(), v.type(), v.occurredAt(), v.properties())).toList();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
