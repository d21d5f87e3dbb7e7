package dev.leadscore.leads;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;

/**
 * How a score's explanation is stored: whole, or as its {@link LineEdit}s of the explanation
 * stored before it for the same lead. A lead's explanation lists every event that earned points,
 * so it grows with the lead, while one new event changes a line or two; storing the edits keeps
 * a score row small. Every stored explanation is rebuilt exactly: the edits are only kept when
 * applying them to the earlier lines gives the new ones.
 */
final class ScoreLines {
    /** A score is stored whole after this many edited ones in a row, so rebuilding one reads at most this many rows more. */
    static final int MAX_CHAIN = 16;
    /** Edits are kept when they weigh at most a quarter of the whole explanation (an edit or an inserted line each weigh one). */
    static final int MAX_SHARE = 4;

    private ScoreLines() {
    }

    /**
     * The edits that turn {@code before} into {@code after} (a shortest edit script), or null when
     * they would weigh more than {@code budget} (then the explanation is stored whole).
     */
    static List<LineEdit> edits(List<AdjustmentRecord> before, List<AdjustmentRecord> after, int budget) {
        List<LineEdit> edits = new ArrayList<>();
        int weight = 0;
        for (AbstractDelta<AdjustmentRecord> d : DiffUtils.diff(before, after).getDeltas()) {
            weight += 1 + d.getTarget().size();
            if (weight > budget) {
                return null;
            }
            edits.add(new LineEdit(d.getSource().getPosition(), d.getSource().size(), List.copyOf(d.getTarget().getLines())));
        }
        return edits;
    }

    /** The lines {@code edits} make of {@code before}. */
    static List<AdjustmentRecord> apply(List<AdjustmentRecord> before, List<LineEdit> edits) {
        List<AdjustmentRecord> out = new ArrayList<>(before.size() + edits.size());
        int i = 0;
        for (LineEdit e : edits) {
            if (e.at() < i || e.removed() < 0 || e.at() + e.removed() > before.size()) {
                throw new IllegalStateException("A stored score's line edit (at " + e.at() + ", removing " + e.removed()
                        + ") does not fit the " + before.size() + " lines of the score before it");
            }
            out.addAll(before.subList(i, e.at()));
            out.addAll(e.inserted());
            i = e.at() + e.removed();
        }
        out.addAll(before.subList(i, before.size()));
        return List.copyOf(out);
    }
}
