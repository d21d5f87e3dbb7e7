package dev.leadscore.scoring;

/**
 * Where a rule is written: a DRL file and line, or a decision-table row (file, sheet, the cell
 * of its first column). Shown next to every adjustment the rule gives.
 */
public record RuleSource(String file, String sheet, String cell, Integer line) {

    /** "engagement.xlsx!Engagement!A5" or "scoring.drl:42". */
    public String reference() {
        if (sheet != null) {
            return file + "!" + sheet + "!" + cell;
        }
        return line == null ? file : file + ":" + line;
    }
}
