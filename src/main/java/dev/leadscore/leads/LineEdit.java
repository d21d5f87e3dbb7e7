package dev.leadscore.leads;

import java.util.List;

/**
 * One change between a score's explanation and the one stored before it for the same lead: at
 * line {@code at} of the earlier explanation, {@code removed} lines give way to {@code inserted}.
 * A score whose explanation differs in a few lines is stored as its edits (see {@link ScoreLines}).
 */
public record LineEdit(int at, int removed, List<AdjustmentRecord> inserted) {
}
