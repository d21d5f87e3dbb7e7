package dev.leadscore.leads;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A stored score: one per change of a lead's score, with the ruleset version that produced it
 * and the adjustments that explain it ({@link #lines()}: stored whole, or as edits of the lead's
 * score before it, see {@link ScoreLines}). Never changed once stored.
 */
@Entity
@Immutable
@Table(name = "score_record")
public class ScoreRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "score_record_seq")
    @SequenceGenerator(name = "score_record_seq", sequenceName = "score_record_seq", allocationSize = 50)
    public Long id;
    @Column(name = "lead_id")
    public String leadId;
    public String model;
    @Column(name = "ruleset_version")
    public String rulesetVersion;
    @Column(name = "as_of")
    public Instant asOf;
    @Column(name = "scored_at")
    public Instant scoredAt;
    public int fit;
    public int engagement;
    public int total;
    public String band;
    public String stage;
    @Column(name = "last_activity_at")
    public Instant lastActivityAt;
    /** Product-led activation status (Not Started, Activated, Power User); null for models without one. */
    public String activation;
    @Column(name = "existing_customer")
    public boolean existingCustomer;
    /** What made the service score the lead (profile update, new events, re-score). */
    public String cause;
    /** A hash of everything the score says, to store a new record only when something changed. */
    public String fingerprint;
    /** Immutable as the record (the JSON values too: Hibernate copies nothing at persist). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public List<String> workings;
    /** The explanation stored whole (column {@code adjustments}); null when it is stored as {@link #lineEdits}. */
    @Column(name = "adjustments")
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    List<AdjustmentRecord> wholeLines;
    /** The lead's score before this one, whose explanation {@link #lineEdits} change; null when stored whole. */
    @Column(name = "base_id")
    Long baseId;
    /** How this score's explanation differs from {@link #baseId}'s; null when stored whole. */
    @Column(name = "line_edits")
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    List<LineEdit> lineEdits;
    /** Every line of the explanation, once read or rebuilt. */
    @Transient
    private List<AdjustmentRecord> lines;
    /** How many scores stored as edits lead from the last one stored whole to this one. */
    @Transient
    private int edited;

    /** The scores a rebuild needs: those asked for and every score their edits build on, back to one stored whole. */
    private static final String CHAIN = """
            with recursive chain (id, base_id) as (
                select id, base_id from score_record where id = any(?1)
                union
                select s.id, s.base_id from score_record s join chain c on s.id = c.base_id)
            select s.* from score_record s join chain c on c.id = s.id""";

    /** Every line of the explanation, in order (rebuilt from the scores before it when stored as edits). */
    public List<AdjustmentRecord> lines() {
        if (lines == null) {
            rebuildLines(List.of(this));
        }
        return lines;
    }

    /**
     * Sets the explanation of a score about to be stored: as its edits of {@code previous}'s (the
     * lead's latest score, null when none) when they are small and the chain of edits is short,
     * else whole.
     */
    void setLines(List<AdjustmentRecord> explanation, ScoreRecord previous) {
        lines = List.copyOf(explanation);
        if (previous != null && previous.id != null && previous.leadId.equals(leadId)) {
            List<AdjustmentRecord> before = previous.lines();
            if (previous.edited < ScoreLines.MAX_CHAIN) {
                List<LineEdit> edits = ScoreLines.edits(before, lines, lines.size() / ScoreLines.MAX_SHARE);
                // kept only when they rebuild this explanation exactly
                if (edits != null && ScoreLines.apply(before, edits).equals(lines)) {
                    baseId = previous.id;
                    lineEdits = edits;
                    edited = previous.edited + 1;
                    return;
                }
            }
        }
        wholeLines = lines;
        edited = 0;
    }

    /**
     * Rebuilds the explanations of {@code records} (scores of any leads) that are not known yet,
     * reading the scores their edits build on in one query.
     */
    public static void rebuildLines(Collection<ScoreRecord> records) {
        Map<Long, ScoreRecord> known = new HashMap<>();
        records.forEach(r -> known.put(r.id, r));
        Set<Long> missing = new LinkedHashSet<>();
        for (ScoreRecord r : records) {
            for (ScoreRecord at = r; at != null && at.lines == null && at.wholeLines == null; at = known.get(at.baseId)) {
                if (!known.containsKey(at.baseId)) {
                    missing.add(at.baseId);
                }
            }
        }
        if (!missing.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<ScoreRecord> chain = getEntityManager().createNativeQuery(CHAIN, ScoreRecord.class)
                    .setParameter(1, missing.toArray(Long[]::new)).getResultList();
            chain.forEach(s -> known.putIfAbsent(s.id, s));
        }
        records.forEach(r -> r.rebuild(known));
    }

    private List<AdjustmentRecord> rebuild(Map<Long, ScoreRecord> known) {
        if (lines == null) {
            if (wholeLines != null) {
                lines = wholeLines;
                edited = 0;
            } else {
                ScoreRecord base = known.get(baseId);
                if (base == null) {
                    throw new IllegalStateException("Score " + id + " of lead " + leadId + " is stored as edits of score "
                            + baseId + ", which is missing");
                }
                lines = ScoreLines.apply(base.rebuild(known), lineEdits);
                edited = base.edited + 1;
            }
        }
        return lines;
    }
}
