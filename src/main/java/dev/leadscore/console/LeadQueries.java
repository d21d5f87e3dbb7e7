package dev.leadscore.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

/**
 * The console's list of leads: each lead's latest stored score, filtered and sorted by total in
 * SQL so a page reads only its rows. The stage shown is the lifecycle's (it knows SQL, accepted
 * by sales), else the score's.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LeadQueries {
    static final List<String> STAGES = List.of("NONE", "MQL", "SALES_READY", "PQL", "SQL");
    static final List<String> BANDS = List.of("HOT", "WARM", "DEVELOPING", "COLD");

    @Inject
    EntityManager em;

    /** What the person filters by; blank means any. */
    public record Filter(String model, String band, String stage, String source, String text) {
        boolean any() {
            return !blank(model) || !blank(band) || !blank(stage) || !blank(source) || !blank(text);
        }
    }

    public record LeadRow(String id, String name, String email, String company, String model, String source, int fit,
            int engagement, int total, String band, String stage, Instant scoredAt) {
    }

    public record Rows(List<LeadRow> rows, int page, int pageSize, long total) {
        public int pages() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }

        /** The page's number as people count, from 1. */
        public int number() {
            return page + 1;
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }
    }

    public Rows find(Filter filter, int page, int pageSize) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" from lead l join score_record s on s.id = l.latest_score_id"
                + " left join lead_lifecycle lc on lc.lead_id = l.id where true");
        if (!blank(filter.model())) {
            params.add(filter.model());
            where.append(" and l.model = ?").append(params.size());
        }
        if (!blank(filter.band())) {
            params.add(filter.band());
            where.append(" and s.band = ?").append(params.size());
        }
        if (!blank(filter.stage())) {
            params.add(filter.stage());
            where.append(" and coalesce(lc.stage, s.stage) = ?").append(params.size());
        }
        if (!blank(filter.source())) {
            params.add(filter.source().strip());
            where.append(" and l.profile->>'source' = ?").append(params.size());
        }
        if (!blank(filter.text())) {
            params.add("%" + likeEscaped(filter.text().strip().toLowerCase(Locale.ROOT)) + "%");
            int n = params.size();
            where.append(" and (lower(l.id) like ?").append(n).append(" escape '\\'")
                    .append(" or lower(coalesce(l.profile->>'email', '')) like ?").append(n).append(" escape '\\'")
                    .append(" or lower(coalesce(l.profile->>'firstName', '') || ' ' || coalesce(l.profile->>'lastName', '')) like ?")
                    .append(n).append(" escape '\\'")
                    .append(" or lower(coalesce(l.profile->'company'->>'name', '')) like ?").append(n).append(" escape '\\'")
                    .append(")");
        }
        long total = ((Number) bind(em.createNativeQuery("select count(*)" + where), params).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> found = bind(em.createNativeQuery("select l.id, l.profile->>'firstName', l.profile->>'lastName',"
                + " l.profile->>'email', l.profile->'company'->>'name', l.model, l.profile->>'source', s.fit, s.engagement,"
                + " s.total, s.band, coalesce(lc.stage, s.stage), s.scored_at" + where
                + " order by s.total desc, l.id limit " + pageSize + " offset " + ((long) page * pageSize)), params)
                .getResultList();
        List<LeadRow> rows = found.stream().map(r -> new LeadRow((String) r[0], name((String) r[1], (String) r[2]),
                (String) r[3], (String) r[4], (String) r[5], (String) r[6], ((Number) r[7]).intValue(),
                ((Number) r[8]).intValue(), ((Number) r[9]).intValue(), (String) r[10], (String) r[11], instant(r[12])))
                .toList();
        return new Rows(rows, page, pageSize, total);
    }

    /** The lifecycle stage of a lead (SQL once sales accepted it), if the lifecycle tracks it. */
    public String lifecycleStage(String leadId) {
        @SuppressWarnings("unchecked")
        List<String> stage = em.createNativeQuery("select stage from lead_lifecycle where lead_id = ?1")
                .setParameter(1, leadId).getResultList();
        return stage.isEmpty() ? null : stage.get(0);
    }

    static String name(String first, String last) {
        String n = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return n.isEmpty() ? null : n;
    }

    private static Query bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
    }

    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return o instanceof java.sql.Timestamp t ? t.toInstant() : null;
    }
}
