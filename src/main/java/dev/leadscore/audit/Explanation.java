package dev.leadscore.audit;

import java.time.Instant;
import java.util.List;

/**
 * Why a lead has its score, in words: the stored score in effect at the instant asked about, each
 * rule that gave or took points with the spreadsheet cell or DRL line it is written in, the decay
 * and caps applied, and how the figures were combined and compared with the thresholds.
 */
public record Explanation(String leadId, String model, String rulesetVersion, Instant versionLiveSince, Instant asOf,
        Instant scoredAt, String cause, int fit, int engagement, int total, String band, String stage, String summary,
        List<Section> sections, List<String> workings) {

    /** One category of adjustments (fit, engagement, negatives, decay) and its lines. */
    public record Section(String title, int points, List<Line> lines) {
    }

    /** One adjustment: the rule, its points, why, and where the rule is written. */
    public record Line(String rule, int points, String reason, String source, String eventId, String text) {
    }

    /** The explanation as plain text, for reading in a terminal or pasting into a ticket. */
    public String text() {
        StringBuilder s = new StringBuilder(summary).append("\n");
        for (Section section : sections) {
            s.append("\n").append(section.title()).append(" (").append(signed(section.points())).append(")\n");
            section.lines().forEach(l -> s.append("  ").append(l.text()).append("\n"));
        }
        s.append("\nHow it adds up\n");
        workings.forEach(w -> s.append("  ").append(w).append("\n"));
        return s.toString();
    }

    static String signed(int points) {
        return points > 0 ? "+" + points : Integer.toString(points);
    }
}
